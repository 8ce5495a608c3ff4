/** Scripts written right to left: their inputs get `dir="rtl"` so translators see them as read. */
const RTL = new Set(["ar", "fa", "he", "ps", "ur", "yi", "dv", "ckb", "sd", "ug"]);

const names = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** "Spanish" for `es`; the code itself when the browser does not know the language. */
export function languageName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

export function directionOf(code: string): "ltr" | "rtl" {
  return RTL.has(code.split("-")[0]!) ? "rtl" : "ltr";
}

/** Languages most often asked for by US agencies, offered as suggestions when adding one. */
export const SUGGESTED_LANGUAGES = [
  "es",
  "zh",
  "vi",
  "ar",
  "ko",
  "ru",
  "ht",
  "tl",
  "pt",
  "fr",
  "so",
  "hmn",
  "am",
  "fa",
  "pl",
  "ja",
];

/** Text of a localized map in the wanted language, else the first one that has text. */
export function textIn(text: Record<string, string> | undefined, language: string): string {
  if (!text) return "";
  return text[language] || Object.values(text).find((v) => v.trim()) || "";
}
