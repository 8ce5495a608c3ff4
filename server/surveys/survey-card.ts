import { localize, type LocalizedText, type Question } from "@shared/survey.js";
import { cardStringsFor, CARD_STRINGS, type CardStrings } from "./card-strings.js";
import { FAVICON_URL } from "@server/platform/delivery.js";
import { directionOf, escapeHtml } from "./html.js";
import { shortUrl } from "./public-link.js";

export const CARD_FORMATS = ["card", "poster"] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];

/** Cards per printed sheet: 2 × 4 fits US Letter and A4 with room for cutting. */
const CARDS_PER_SHEET = 8;
/** Seconds a resident needs per answer, to tell them honestly how long it takes. */
const SECONDS_PER_ANSWER = 10;

export interface CardInput {
  agencyName: string;
  title: LocalizedText;
  description: LocalizedText;
  kind: string;
  anonymous: boolean;
  languages: string[];
  questions: Question[];
  url: string;
  qrSvg: string;
  format: CardFormat;
  /** Where the page's own links point (the other format, each language). */
  selfPath: string;
  /** When set, only this language is printed. */
  language?: string;
}

const displayNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** "Spanish" for `es`, for the staff-facing links; the code itself when the name is unknown. */
function languageName(language: string): string {
  try {
    return displayNames.of(language) ?? language;
  } catch {
    return language;
  }
}

function minutesFor(questions: Question[]): number {
  const answers = questions.reduce((n, q) => n + (q.type === "matrix" ? (q.items?.length ?? 1) : 1), 0);
  return Math.max(1, Math.ceil((answers * SECONDS_PER_ANSWER) / 60));
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? "");
}

/** One language's words on the card; languages without card strings show the survey's own texts. */
function languageBlock(input: CardInput, language: string, strings: CardStrings | null): string {
  const title = escapeHtml(localize(input.title, language, input.languages[0]!));
  const attrs = `lang="${escapeHtml(language)}" dir="${directionOf(language)}"`;
  if (!strings) {
    const description = localize(input.description, language, input.languages[0]!);
    return `<div class="lang-block" ${attrs}><p class="title">${title}</p>${
      description ? `<p>${escapeHtml(description)}</p>` : ""
    }</div>`;
  }
  const afterContact = input.kind === "post-contact";
  const agency = escapeHtml(input.agencyName);
  const minutes = minutesFor(input.questions);
  const lines = [
    `<p class="heading">${escapeHtml(afterContact ? strings.headingAfterContact : strings.headingGeneral)}</p>`,
    `<p>${fill(escapeHtml(afterContact ? strings.inviteAfterContact : strings.inviteGeneral), { agency })}</p>`,
    `<p class="title">${title}</p>`,
    `<p>${escapeHtml(minutes === 1 ? strings.oneMinute : fill(strings.minutes, { n: String(minutes) }))}${
      input.anonymous ? ` ${escapeHtml(strings.anonymous)}` : ""
    }</p>`,
    `<p class="scan">${escapeHtml(strings.scan)}</p>`,
  ];
  return `<div class="lang-block" ${attrs}>${lines.join("")}</div>`;
}

function cardBody(input: CardInput, copy: number): string {
  const languages = input.language ? [input.language] : input.languages;
  const blocks = languages.map((l) => languageBlock(input, l, cardStringsFor(l)));
  // A survey in languages with no card strings still tells people what to do, in English.
  if (languages.every((l) => !cardStringsFor(l)))
    blocks.push(languageBlock(input, "en", CARD_STRINGS["en"]!));
  const label = `QR code that opens ${input.url}`;
  const svg = input.qrSvg.replace("<svg ", `<svg role="img" aria-label="${escapeHtml(label)}" class="qr" `);
  // Copies after the first repeat the same card for cutting; screen readers hear it once.
  const hidden = copy > 0 ? ' aria-hidden="true"' : "";
  return `<article class="card"${hidden}>
<p class="agency">${escapeHtml(input.agencyName)}</p>
${blocks.join("\n")}
${svg}
<p class="url" lang="en" dir="ltr">${escapeHtml(shortUrl(input.url))}</p>
</article>`;
}

/**
 * A printable page for a published survey: a sheet of cut-out cards for officers to hand out,
 * or one poster. Each card carries the agency's name, a plain-language invitation in every
 * survey language, the QR code and the short address. Everything typed by staff is escaped;
 * the page needs no script and only the print stylesheet.
 */
export function renderCardPage(input: CardInput): string {
  const first = input.language ?? input.languages[0]!;
  const title = escapeHtml(localize(input.title, first, input.languages[0]!));
  const copies = input.format === "card" ? CARDS_PER_SHEET : 1;
  const cards = Array.from({ length: copies }, (_, i) => cardBody(input, i)).join("\n");
  const link = (format: CardFormat, language: string | undefined, text: string): string => {
    const query = new URLSearchParams({ format, ...(language ? { lang: language } : {}) });
    const current = format === input.format && language === input.language;
    return `<a href="${escapeHtml(`${input.selfPath}?${query}`)}"${current ? ' aria-current="page"' : ""}>${escapeHtml(text)}</a>`;
  };
  const languageLinks = [
    link(input.format, undefined, "All languages"),
    ...input.languages.map((l) => link(input.format, l, `Only ${languageName(l)}`)),
  ];
  return `<!doctype html>
<html lang="${escapeHtml(first)}" dir="${directionOf(first)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.format === "card" ? "Printable cards" : "Printable poster"}: ${title}</title>
<link rel="icon" href="${FAVICON_URL}" type="image/svg+xml">
<link rel="stylesheet" href="/api/v1/print/card.css">
</head>
<body class="format-${input.format}">
<header class="toolbar" lang="en" dir="ltr">
<h1>${input.format === "card" ? "Printable cards" : "Printable poster"}: ${title}</h1>
<p>Use your browser's Print command (Ctrl+P or ⌘P). ${
    input.format === "card" ? "Cut along the dashed lines." : "Print on Letter or A4 paper."
  }</p>
<nav aria-label="Print options"><ul>
<li>${link("card", input.language, "Sheet of cards")}</li>
<li>${link("poster", input.language, "Poster")}</li>
${languageLinks.map((l) => `<li>${l}</li>`).join("\n")}
</ul></nav>
</header>
<main class="sheet">
${cards}
</main>
</body>
</html>`;
}
