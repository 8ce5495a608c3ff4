/*
 * Text message bodies and how many SMS segments they take. Pure, so the sender and the tests
 * count exactly alike.
 */

/** GSM 03.38 default alphabet (one septet each); the escape character itself is left out. */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** The extension table: each is sent as escape + character, so it costs two septets. */
const GSM7_EXTENSION = "\f^{}\\[~]|€";

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

/** One message alone; once split, each part loses room to the concatenation header. */
const SINGLE = { "GSM-7": 160, "UCS-2": 70 } as const;
const PART = { "GSM-7": 153, "UCS-2": 67 } as const;

/** The most segments a survey text may take: two, so it costs and arrives like one message. */
export const MAX_SMS_SEGMENTS = 2;

/**
 * Counts a message as a phone network does: GSM-7 when every character is in the default
 * alphabet or its extension (extension characters take two septets), else UCS-2 (a character
 * outside the Basic Multilingual Plane takes two units). Splitting never cuts an escape pair
 * or a surrogate pair, so a part may hold one unit less than its room.
 */
export function smsLength(text: string): SmsLength {
  const characters = [...text];
  const gsm = characters.every((c) => BASIC.has(c) || EXTENSION.has(c));
  const encoding: SmsEncoding = gsm ? "GSM-7" : "UCS-2";
  const sizes = characters.map((c) => (gsm ? (EXTENSION.has(c) ? 2 : 1) : c.length));
  const units = sizes.reduce((sum, n) => sum + n, 0);
  if (units <= SINGLE[encoding]) return { encoding, units, segments: units === 0 ? 0 : 1 };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > PART[encoding]) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments };
}

export type SmsKind = "invitation" | "reminder";

type Template = (agency: string, link: string) => string;

/*
 * Written to stay short: the Spanish needs accents (¿Cómo, anónima), which makes it UCS-2 with
 * 67 units a part (134 in two), so it says less than the English (306 septets in two).
 */
const TEMPLATES: Record<string, Record<SmsKind, Template>> = {
  en: {
    invitation: (agency, link) =>
      `${agency}: How did we do on your recent contact with us? Please take our short anonymous survey: ${link} Reply STOP to opt out.`,
    reminder: (agency, link) =>
      `${agency}: A reminder: your short survey about your recent contact with us is still open: ${link} Reply STOP to opt out.`,
  },
  es: {
    invitation: (agency, link) =>
      `${agency}: ¿Cómo lo atendimos? Encuesta anónima: ${link} STOP para no recibir más`,
    reminder: (agency, link) =>
      `${agency}: Recuerde nuestra encuesta anónima: ${link} STOP para no recibir más`,
  },
};

/** Languages with their own text; any other language gets the English one. */
export const SMS_LANGUAGES = Object.keys(TEMPLATES);

const MIN_AGENCY_CHARS = 8;

/**
 * The text with every character outside GSM-7 that is a letter with an accent written without
 * it (ó → o, í → i): what a phone without the accent would show anyway, at 153 septets a part
 * instead of 67 units. Characters with no such form (emoji, other scripts) stay.
 */
export function foldToGsm7(text: string): string {
  return [...text]
    .map((c) => {
      if (BASIC.has(c) || EXTENSION.has(c)) return c;
      const bare = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      return [...bare].every((b) => BASIC.has(b)) ? bare : c;
    })
    .join("");
}

/**
 * The text of an invitation or reminder, in the contact's language (English when there is no
 * text in it), in at most two segments: as written when it fits; else with accents outside
 * GSM-7 folded (UCS-2 halves the room); else with the agency's name cut as far as needed. The
 * link and the opt-out instruction are never cut.
 */
export function surveyText(input: {
  kind: SmsKind;
  language: string;
  agencyName: string;
  link: string;
}): { text: string } & SmsLength {
  const template = (TEMPLATES[input.language] ?? TEMPLATES["en"]!)[input.kind];
  const name = input.agencyName.replace(/\s+/g, " ").trim();
  const written = template(name, input.link);
  const fits = (text: string) => smsLength(text).segments <= MAX_SMS_SEGMENTS;
  if (fits(written)) return { text: written, ...smsLength(written) };
  const fold = (agency: string) => foldToGsm7(template(agency, input.link));
  let agency = [...name];
  let text = fold(name);
  while (!fits(text) && agency.length > MIN_AGENCY_CHARS) {
    agency = agency.slice(0, -1);
    text = fold(agency.join("").trimEnd());
  }
  return { text, ...smsLength(text) };
}

/** The replies to keywords, per language; `{agency}` and `{contact}` are filled in. */
export const KEYWORD_REPLIES = {
  stop: "{agency}: you will get no more survey texts from us. Reply START to receive them again.",
  start: "{agency}: you will receive our survey texts again. Reply STOP to opt out.",
  help: "{agency} community survey texts. More: {contact} Reply STOP to opt out.",
  unknown: "Community survey texts. Reply STOP to opt out, HELP for help.",
} as const;

export type KeywordReply = keyof typeof KEYWORD_REPLIES;

/** A keyword reply with the agency's name and contact filled in. */
export function keywordReply(kind: KeywordReply, agencyName: string, contact: string): string {
  return KEYWORD_REPLIES[kind].replace("{agency}", agencyName).replace("{contact}", contact);
}

const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const START_WORDS = new Set(["START", "UNSTOP"]);
const HELP_WORDS = new Set(["HELP", "INFO"]);

/**
 * What an inbound text asks for. Carriers match the whole message as one word, whatever its
 * case and surrounding spaces or punctuation; anything else is not a keyword.
 */
export function keywordOf(body: string): "stop" | "start" | "help" | null {
  const word = body
    .trim()
    .toUpperCase()
    .replace(/[.!\s]+$/, "");
  if (STOP_WORDS.has(word)) return "stop";
  if (START_WORDS.has(word)) return "start";
  if (HELP_WORDS.has(word)) return "help";
  return null;
}
