/**
 * The stylesheet of the printable card and poster pages. Served from our origin because the
 * CSP allows no inline styles; kept as a constant so the page needs no build step.
 */
export const CARD_CSS = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; line-height: 1.35; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f4; }
.toolbar { background: #fff; border-bottom: 1px solid #c9d1db; padding: 0.75rem 1rem; }
.toolbar h1 { font-size: 1.25rem; margin: 0 0 0.25rem; }
.toolbar p { margin: 0 0 0.5rem; }
.toolbar ul { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; margin: 0; padding: 0; }
.toolbar a { display: inline-block; min-height: 44px; padding: 0.6rem 0.8rem; border: 1px solid #0b5cad;
  border-radius: 6px; color: #0b5cad; text-decoration: none; }
.toolbar a[aria-current="page"] { background: #0b5cad; color: #fff; }
.toolbar a:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.sheet { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 3.4in), 1fr)); gap: 0.25in;
  padding: 0.25in; max-width: 8.5in; margin: 0 auto; }
.card { background: #fff; border: 1px dashed #555; padding: 0.18in; display: flex; flex-direction: column;
  gap: 0.05in; break-inside: avoid; page-break-inside: avoid; font-size: 9pt; }
.card p { margin: 0; }
.agency { font-weight: 700; font-size: 10pt; }
.heading { font-weight: 700; font-size: 11pt; }
.title { font-style: italic; }
.lang-block { border-top: 1px solid #ddd; padding-top: 0.05in; }
.lang-block:first-of-type { border-top: 0; padding-top: 0; }
.qr { width: 1.3in; height: 1.3in; align-self: center; }
.url { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 700; text-align: center;
  word-break: break-all; font-size: 10pt; }
.format-poster .sheet { grid-template-columns: 1fr; max-width: 8.5in; }
.format-poster .card { border: 0; font-size: 14pt; padding: 0.5in; gap: 0.15in; min-height: 10in; }
.format-poster .agency { font-size: 20pt; }
.format-poster .heading { font-size: 28pt; }
.format-poster .qr { width: 4in; height: 4in; }
.format-poster .url { font-size: 18pt; }
@page { margin: 0.4in; }
@media print {
  body { background: #fff; }
  .toolbar { display: none; }
  .sheet { padding: 0; gap: 0.2in; grid-template-columns: 1fr 1fr; max-width: none; }
  .format-poster .sheet { grid-template-columns: 1fr; }
  .format-poster .card { min-height: auto; }
}
`;
