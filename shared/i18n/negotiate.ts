const primaryTag = (tag: string): string => tag.split("-")[0]!.toLowerCase();

const MAX_ACCEPT_LANGUAGE_LENGTH = 500;
const MAX_ACCEPT_LANGUAGE_ENTRIES = 20;

/**
 * The language tags of an Accept-Language header, most wanted first. Malformed entries and
 * `q=0` are dropped; the header is capped before parsing so a huge one costs nothing.
 */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  const entries = header
    .slice(0, MAX_ACCEPT_LANGUAGE_LENGTH)
    .split(",")
    .slice(0, MAX_ACCEPT_LANGUAGE_ENTRIES)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([01](?:\.\d{1,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(e.tag) && e.q > 0);
  entries.sort((a, b) => b.q - a.q || a.index - b.index);
  return entries.map((e) => e.tag);
}

/**
 * Picks the survey language that best fits what the person's browser asks for: an exact tag,
 * then the same primary language (es-MX → es, en → en-GB), else the survey's first language.
 */
export function negotiateLanguage(wanted: readonly string[], available: readonly string[]): string {
  const lower = available.map((a) => a.toLowerCase());
  for (const tag of wanted) {
    const exact = lower.indexOf(tag.toLowerCase());
    if (exact >= 0) return available[exact]!;
    const primary = primaryTag(tag);
    const sameLanguage = lower.findIndex((a) => primaryTag(a) === primary);
    if (sameLanguage >= 0) return available[sameLanguage]!;
  }
  return available[0] ?? "en";
}
