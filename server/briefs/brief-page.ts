import { createHash } from "node:crypto";
import { MIN_RELIABLE_N, UNRELIABLE_NOTE } from "@shared/flags.js";
import { FAVICON_URL } from "@server/platform/delivery.js";
import { markup, SafeHtml } from "@server/respondent/html.js";
import type { BriefData, BriefIndex, BriefTheme } from "./brief.service.js";
import type { Movement } from "./brief-movements.js";

/**
 * Sized for one printed page on both A4 and US Letter: the content box is the narrower width
 * (A4, 210 mm) and the shorter height (Letter, 279 mm) less the margins.
 */
const BRIEF_CSS = `
@page { size: auto; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.3 system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #111; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
@media print { body { padding: 0; } }
header { border-bottom: 2px solid #1d3f6e; margin-bottom: 3mm; padding-bottom: 2mm; }
h1 { font-size: 15pt; margin: 0; color: #1d3f6e; }
h2 { font-size: 11pt; margin: 3mm 0 1.5mm; color: #1d3f6e; }
p { margin: 0 0 1mm; }
.meta { color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.8mm 1.5mm; border-bottom: 1px solid #ccc; vertical-align: top; }
th { font-weight: 600; }
thead th { background: #eef2f7; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
ol, ul { margin: 0; padding-left: 5mm; }
li { margin-bottom: 0.8mm; }
ul.inline { padding: 0; list-style: none; }
h3 { font-size: 1em; margin: 2mm 0 1mm; }
ul.inline li { display: inline; margin: 0; }
ul.inline li + li::before { content: ", "; }
.grid { display: grid; grid-template-columns: 0.8fr 1.1fr 1.1fr; gap: 4mm; }
.note, footer { color: #333; font-size: 8.5pt; }
footer { border-top: 1px solid #ccc; margin-top: 3mm; padding-top: 1.5mm; }
`;

/** The CSP hash that lets this one inline style block run under the app's `style-src 'self'`. */
export const BRIEF_STYLE_HASH = `'sha256-${createHash("sha256").update(BRIEF_CSS).digest("base64")}'`;

const signed = (value: number, digits = 1): string =>
  `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value).toFixed(digits)}`;
const fixed = (value: number | null, digits = 1): string => (value === null ? "—" : value.toFixed(digits));
const pText = (p: number | null): string =>
  p === null ? "" : p < 0.001 ? "p adj. < 0.001" : `p adj. = ${p.toFixed(3)}`;

/** A significant finding in bold, anything else plain. */
const marked = (on: boolean, text: string): SafeHtml =>
  on ? markup`<strong>${text}</strong>` : markup`<span>${text}</span>`;

function monthName(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** The peers' median with their interquartile range and this agency's percentile among them. */
function peerCell(index: BriefIndex): SafeHtml {
  const peer = index.peer;
  if (!peer) return markup`<td>—</td>`;
  const rank = peer.percentile === null ? "" : `; you: ${peer.percentile}th pct.`;
  return markup`<td>${fixed(peer.median)} (${fixed(peer.p25)}–${fixed(peer.p75)})${rank}</td>`;
}

function indexRow(index: BriefIndex, withPeers: boolean): SafeHtml {
  const interval = index.ci95
    ? `${index.ci95[0].toFixed(1)}–${index.ci95[1].toFixed(1)}`
    : index.score === null
      ? "—"
      : UNRELIABLE_NOTE;
  const change = index.change;
  return markup`<tr id="index-${index.key}"><th scope="row">${index.label}</th><td class="num">${fixed(index.score)}</td><td>${interval}</td><td class="num">${index.n ?? "hidden"}</td><td class="num">${change ? signed(change.change) : "—"}</td><td>${change ? markup`${marked(change.significant, change.significant ? "yes" : "no")} <span class="note">${pText(change.pAdjusted)}</span>` : "not tested"}</td>${withPeers ? peerCell(index) : ""}</tr>`;
}

function movementItem(m: Movement): SafeHtml {
  const digits = m.unit === "mean" ? 2 : 1;
  const unit = m.unit === "mean" ? ` on a ${m.scale ?? ""} scale` : ` ${m.unit}`;
  const verdict = m.significant ? "significant after correction" : "not significant after correction";
  return markup`<li><strong>${m.label}</strong> ${fixed(m.a, digits)} → ${fixed(m.b, digits)} (${signed(m.change, digits)}${unit}); ${marked(m.significant, verdict)} <span class="note">(${m.testName}, ${pText(m.pAdjusted)})</span></li>`;
}

/** The tests behind the index changes, named once under the table. */
function testsNote(indices: BriefIndex[]): SafeHtml | string {
  const names = [...new Set(indices.flatMap((i) => (i.change ? [i.change.testName] : [])))];
  return names.length > 0
    ? markup`<p class="note">Change against the month before, tested with ${names.join(", ")}; p adjusted for every test of the comparison.</p>`
    : "";
}

const none = (text: string) => markup`<p class="note">${text}</p>`;

/** A theme's tone in words, or that it is hidden at the reader's role. */
const themeTone = (theme: BriefTheme): string =>
  theme.sentiment
    ? ` (${theme.sentiment.negative} negative, ${theme.sentiment.positive} positive)`
    : " (tone hidden)";

/** The brief as one self-contained HTML page: no script, every free text escaped by `markup`. */
export function renderBrief(data: BriefData): string {
  const month = monthName(data.month);
  const responses = data.responses === null ? "hidden at your role" : String(data.responses);
  const previous = data.previousResponses === null ? "hidden" : String(data.previousResponses);
  const withPeers = data.peers.count > 0;
  const peerHead = withPeers ? markup`<th scope="col">Peers: median (IQR)</th>` : "";
  const peersNote = withPeers
    ? none(
        `Peers: ${data.peers.count} other agencies asking the same template questions, their released figures for this month; IQR = middle half; pct. = your percentile among them.`,
      )
    : none(`Peer agencies: ${data.peers.note ?? ""}`);
  const indices =
    data.indices.length > 0
      ? markup`<table id="indices"><thead><tr><th scope="col">Index (0–100)</th><th scope="col" class="num">Score</th><th scope="col">95% interval</th><th scope="col" class="num">n</th><th scope="col" class="num">Change</th><th scope="col">Significant</th>${peerHead}</tr></thead><tbody>${data.indices.map((i) => indexRow(i, withPeers))}</tbody></table>${testsNote(data.indices)}${peersNote}`
      : none("No index has figures for this month.");
  const movements =
    data.movements.length > 0
      ? markup`<ol>${data.movements.map(movementItem)}</ol>`
      : none("No change against the month before can be shown.");
  const terms =
    data.terms.length > 0
      ? data.terms.map(
          (q) =>
            markup`<p><strong>${q.question}</strong></p><ul class="inline">${q.terms.map((t) => markup`<li>${t.term} (${t.count})</li>`)}</ul>`,
        )
      : none(data.termsNote ?? "");
  const themes =
    data.themes.length > 0
      ? data.themes.map(
          (q) =>
            markup`<p><strong>${q.question}</strong></p><ul class="inline">${q.themes.map((t) => markup`<li>${t.label}: ${t.count}${themeTone(t)}</li>`)}</ul>`,
        )
      : none(data.themesNote ?? "");
  const resources =
    data.resources.length > 0
      ? markup`<ul>${data.resources.map((r) => markup`<li><strong>${r.indicator}</strong> (${r.reason}): ${r.titles.join("; ")}</li>`)}</ul>${data.moreResources > 0 ? none(`and ${data.moreResources} more on the dashboard`) : ""}`
      : none("No index is weak or falling.");
  const actions =
    data.actions.length > 0
      ? markup`<ul>${data.actions.map((a) => markup`<li>${a.title} <span class="note">(${a.status.replace("_", " ")}, ${a.date})</span></li>`)}</ul>${data.moreActions > 0 ? none(`and ${data.moreActions} more`) : ""}`
      : none("Nothing open.");
  const title = `${data.surveyTitle}: monthly brief, ${month}`;
  const html = markup`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="icon" href="${FAVICON_URL}" type="image/svg+xml">
<style>${new SafeHtml(BRIEF_CSS)}</style>
</head>
<body>
<header>
<h1>${data.surveyTitle}</h1>
<p class="meta">${data.agencyName} · Monthly brief for ${month} · ${responses} responses (${monthName(data.previousMonth)}: ${previous})</p>
</header>
<main>
<section aria-labelledby="h-indices"><h2 id="h-indices">Headline indices</h2>${indices}</section>
<section aria-labelledby="h-movements"><h2 id="h-movements">Three largest movements since ${monthName(data.previousMonth)}</h2>${movements}</section>
<div class="grid">
<section aria-labelledby="h-comments"><h2 id="h-comments">What comments say</h2><section aria-labelledby="h-themes"><h3 id="h-themes">Top themes</h3>${themes}</section><section aria-labelledby="h-terms"><h3 id="h-terms">Top terms</h3>${terms}</section></section>
<section aria-labelledby="h-resources"><h2 id="h-resources">Suggested resources</h2>${resources}</section>
<section aria-labelledby="h-actions"><h2 id="h-actions">You said, we did: due</h2>${actions}</section>
</div>
</main>
<footer>
<p>Change: this month against the month before. Significant means p &lt; 0.05 after the ${data.correction} correction over every test of the comparison; the movements are ranked by size on a 0–100 scale (index points, percentage points, or a mean as a share of its scale). No interval below ${MIN_RELIABLE_N} answers.${data.suppressed ? " Figures from fewer responses than the agency's reporting threshold are hidden at your role." : ""}</p>
</footer>
</body>
</html>
`;
  return `<!doctype html>\n${html.value}`;
}
