const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attribute values. Every string that staff
 * or residents typed goes through this before it reaches a server-rendered page.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Scripts written right to left; their blocks get `dir="rtl"`. */
const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ps", "ur", "yi", "dv", "ckb", "sd", "ug"]);

export function directionOf(language: string): "ltr" | "rtl" {
  return RTL_LANGUAGES.has(language.split("-")[0]!) ? "rtl" : "ltr";
}
