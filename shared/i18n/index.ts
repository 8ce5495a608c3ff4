import { ar } from "./ar.js";
import { en } from "./en.js";
import { es } from "./es.js";
import type { UiStrings } from "./strings.js";

export type { UiStrings } from "./strings.js";
export { fill } from "./format.js";
export { negotiateLanguage, parseAcceptLanguage } from "./negotiate.js";
export { problemMessage } from "./problems.js";

/**
 * The languages the respondent pages speak. Adding one is writing its strings file and
 * listing it here; nothing else changes (direction and name are part of the strings).
 */
export const UI_LANGUAGES: Readonly<Record<string, UiStrings>> = { en, es, ar };

// Survey text may be in a language the page chrome does not speak yet; its direction must
// still be right, so right-to-left primary tags are known here too.
const RTL_PRIMARY_TAGS: ReadonlySet<string> = new Set([
  "ar",
  "he",
  "fa",
  "ur",
  "ps",
  "sd",
  "ug",
  "yi",
  "dv",
  "ckb",
]);

const primaryTag = (tag: string): string => tag.split("-")[0]!.toLowerCase();

/** The page strings for a language: its own, else its primary tag's (es-MX → es), else English. */
export function uiStrings(language: string): UiStrings {
  return UI_LANGUAGES[language] ?? UI_LANGUAGES[primaryTag(language)] ?? en;
}

/** Writing direction of a language, for the `dir` attribute. */
export function textDirection(language: string): "ltr" | "rtl" {
  const strings = UI_LANGUAGES[language] ?? UI_LANGUAGES[primaryTag(language)];
  if (strings) return strings.dir;
  return RTL_PRIMARY_TAGS.has(primaryTag(language)) ? "rtl" : "ltr";
}

/** A language's name in itself ("Español"), for the switcher; the tag when nothing better is known. */
export function languageName(language: string): string {
  const strings = UI_LANGUAGES[language];
  if (strings) return strings.name;
  try {
    const name = new Intl.DisplayNames([language], { type: "language" }).of(language);
    if (name && name !== language) return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
  } catch {
    // An unknown tag: the tag itself is still a usable label.
  }
  return language;
}
