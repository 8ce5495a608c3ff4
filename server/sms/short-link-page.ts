import { FAVICON_URL } from "@server/platform/delivery.js";
import { escapeHtml } from "@server/surveys/html.js";

const STRINGS: Record<string, { title: string; used: string; unknown: string }> = {
  en: {
    title: "Survey link",
    used: "This survey link has already been used, or the survey has ended. Thank you for your time.",
    unknown: "This link is not valid. It may have been copied incompletely.",
  },
  es: {
    title: "Enlace de la encuesta",
    used: "Este enlace ya se usó o la encuesta terminó. Gracias por su tiempo.",
    unknown: "Este enlace no es válido. Puede que se haya copiado de forma incompleta.",
  },
};

/** A plain page saying why a short link leads nowhere; no script, no inline style. */
export function shortLinkPage(reason: "used" | "unknown", language = "en"): string {
  const lang = STRINGS[language] ? language : "en";
  const strings = STRINGS[lang]!;
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(strings.title)}</title><link rel="icon" href="${FAVICON_URL}" type="image/svg+xml"></head>
<body><main><h1>${escapeHtml(strings.title)}</h1><p>${escapeHtml(strings[reason])}</p></main></body>
</html>`;
}
