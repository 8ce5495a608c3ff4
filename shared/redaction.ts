/**
 * Redaction of contact details in open-text answers before anyone reads or exports them:
 * email addresses, phone numbers and street addresses become `[email]`, `[phone]` and
 * `[address]`. Errs towards redacting: a long reference number lost from a comment costs
 * less than a resident's phone number shown on a dashboard. English and Spanish forms.
 */

export const REDACTED = { email: "[email]", phone: "[phone]", address: "[address]" } as const;
export type RedactionKind = keyof typeof REDACTED;

export interface Redacted {
  text: string;
  redactions: Record<RedactionKind, number>;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// "ana at example dot com", "ana [at] example [dot] org", "ana arroba ejemplo punto com".
const SPELLED_EMAIL =
  /[\p{L}\p{N}._%+-]+\s*(?:\[at\]|\(at\)|\s(?:at|arroba)\s)\s*[\p{L}\p{N}-]+\s*(?:\[dot\]|\(dot\)|\s(?:dot|punto)\s)\s*\p{L}{2,}/giu;

// Digit runs with phone-style separators; judged by `looksLikePhone` below.
const PHONE_CANDIDATE =
  /(?<![\p{L}\p{N}$€+.,])\+?(?:\(\d{1,4}\)|\d{1,5})(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){0,5}(?![\p{L}\p{N}])/gu;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
const THOUSANDS = /^\d{1,3}(?:[.,]\d{3})+$/;

function looksLikePhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "").length;
  if (digits < 7 || digits > 15) return false;
  return !DATE_LIKE.test(candidate) && !THOUSANDS.test(candidate);
}

const STREET_TYPES = [
  "street",
  "st",
  "avenue",
  "ave",
  "av",
  "road",
  "rd",
  "boulevard",
  "blvd",
  "lane",
  "ln",
  "drive",
  "dr",
  "court",
  "ct",
  "place",
  "pl",
  "way",
  "terrace",
  "ter",
  "circle",
  "cir",
  "highway",
  "hwy",
  "parkway",
  "pkwy",
  "trail",
  "trl",
  "square",
  "sq",
  "alley",
  "aly",
  "loop",
  "crescent",
  "cres",
];
const DIRECTION = "(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?";
const UNIT = "(?:,?\\s*(?:apt|apartment|unit|suite|ste|#)\\.?\\s*[\\p{L}\\p{N}-]{1,6})?";
// A house number, an optional direction, one to four name words, a street type: "4512 N Maple Ave".
const STREET_ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s+(?:${DIRECTION}\\s+)?((?:[\\p{L}\\p{N}'’.-]+\\s+){1,4}?)(?:${STREET_TYPES.join("|")})\\b\\.?(?:\\s+${DIRECTION}(?![\\p{L}]))?${UNIT}`,
  "giu",
);
// Words that mean the number counts something ("3 kids in the street"), not a house number.
const NOT_A_STREET_NAME = new Set(
  "the a an my our your his her their this that these those down up on in at of to and or by from near across along into onto over past for with some more many few other cars kids people times minutes hours days weeks months years miles officers police dogs".split(
    " ",
  ),
);
const PO_BOX = /\b(?:p\.?\s?o\.?\s*box|apartado(?:\s+postal)?)\s+\d{1,8}\b/giu;
// Spanish order: street type first, then the name and the number ("Calle 5 de Mayo 123", "Av. Juárez #45").
const SPANISH_ADDRESS =
  /(?<![\p{L}\p{N}])(?:calle|c\/|avenida|avda\.?|av\.|carrera|cra\.?|calzada|paseo|camino|callejón|privada|bulevar|pasaje|plaza)\s+(?:[\p{L}\p{N}'’.-]+\s+){0,4}(?:#\s*|n\.?º\s*|no\.?\s*)?\d{1,5}[A-Za-z]?(?:\s*[-#]\s*\d{1,4})?(?![\p{L}\p{N}])/giu;

/** Replaces every email, phone number and street address in a text, counting each kind. */
export function redact(text: string): Redacted {
  const redactions: Record<RedactionKind, number> = { email: 0, phone: 0, address: 0 };
  const replace = (kind: RedactionKind) => (): string => {
    redactions[kind] += 1;
    return REDACTED[kind];
  };
  let out = text.replace(EMAIL, replace("email")).replace(SPELLED_EMAIL, replace("email"));
  out = out.replace(PO_BOX, replace("address")).replace(SPANISH_ADDRESS, replace("address"));
  out = out.replace(STREET_ADDRESS, (match: string, name: string) => {
    const words = name.trim().toLowerCase().split(/\s+/);
    if (words.some((w) => NOT_A_STREET_NAME.has(w))) return match;
    return replace("address")();
  });
  out = out.replace(PHONE_CANDIDATE, (match: string) => (looksLikePhone(match) ? replace("phone")() : match));
  return { text: out, redactions };
}

/** The redacted text alone. */
export function redactText(text: string): string {
  return redact(text).text;
}
