import { FAVICON_URL } from "@server/platform/delivery.js";
import { escapeHtml } from "@server/surveys/html.js";

interface PageStrings {
  title: string;
  ask: (agency: string) => string;
  button: string;
  done: (agency: string) => string;
  invalid: string;
}

const STRINGS: Record<string, PageStrings> = {
  en: {
    title: "Stop survey invitations",
    ask: (a) =>
      `Do you want to stop all survey invitations from ${a}? You will not receive reminders or future invitations.`,
    button: "Stop invitations",
    done: (a) => `Done. ${a} will not send you survey invitations again.`,
    invalid: "This link is not valid. It may have been copied incompletely.",
  },
  es: {
    title: "Detener invitaciones a encuestas",
    ask: (a) =>
      `¿Desea detener todas las invitaciones a encuestas de ${a}? No recibirá recordatorios ni invitaciones futuras.`,
    button: "Detener invitaciones",
    done: (a) => `Listo. ${a} no volverá a enviarle invitaciones a encuestas.`,
    invalid: "Este enlace no es válido. Puede que se haya copiado de forma incompleta.",
  },
};

const stringsFor = (language: string): PageStrings => STRINGS[language] ?? STRINGS["en"]!;

/** A plain page: no script, no inline style (the CSP forbids both), readable at any width. */
function page(language: string, title: string, body: string): string {
  const lang = escapeHtml(STRINGS[language] ? language : "en");
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="icon" href="${FAVICON_URL}" type="image/svg+xml"></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body>
</html>`;
}

/** The confirmation form: a GET never opts out (mail scanners follow links), the button does. */
export function optOutFormPage(code: string, agencyName: string, language: string, done: boolean): string {
  const s = stringsFor(language);
  if (done) return page(language, s.title, `<p>${escapeHtml(s.done(agencyName))}</p>`);
  return page(
    language,
    s.title,
    `<p>${escapeHtml(s.ask(agencyName))}</p>
<form method="post" action="/opt-out"><input type="hidden" name="c" value="${escapeHtml(code)}"><button type="submit">${escapeHtml(s.button)}</button></form>`,
  );
}

export function optOutDonePage(agencyName: string, language: string): string {
  const s = stringsFor(language);
  return page(language, s.title, `<p>${escapeHtml(s.done(agencyName))}</p>`);
}

export function optOutInvalidPage(): string {
  const s = stringsFor("en");
  return page("en", s.title, `<p>${escapeHtml(s.invalid)}</p>`);
}
