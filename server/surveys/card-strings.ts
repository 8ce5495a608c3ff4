/**
 * The words on printed cards and posters, per language. Plain language, short sentences: a
 * card is read in a few seconds, often by someone who just had a stressful contact. Adding a
 * language is adding an entry here; `{agency}` and `{n}` are filled in when rendering.
 */
export interface CardStrings {
  headingAfterContact: string;
  headingGeneral: string;
  inviteAfterContact: string;
  inviteGeneral: string;
  scan: string;
  anonymous: string;
  minutes: string;
  oneMinute: string;
}

export const CARD_STRINGS: Readonly<Record<string, CardStrings>> = {
  en: {
    headingAfterContact: "How did we do?",
    headingGeneral: "Tell us what you think",
    inviteAfterContact: "You recently had contact with {agency}. Please tell us how it went.",
    inviteGeneral: "{agency} wants to hear from you. Your answers help make our community safer.",
    scan: "Scan the code with your phone camera, or type this address:",
    anonymous: "Your answers are anonymous.",
    minutes: "It takes about {n} minutes.",
    oneMinute: "It takes about 1 minute.",
  },
  es: {
    headingAfterContact: "¿Cómo lo hicimos?",
    headingGeneral: "Queremos saber su opinión",
    inviteAfterContact: "Hace poco tuvo contacto con {agency}. Cuéntenos cómo le fue.",
    inviteGeneral:
      "{agency} quiere saber su opinión. Sus respuestas ayudan a que nuestra comunidad sea más segura.",
    scan: "Escanee el código con la cámara de su teléfono o escriba esta dirección:",
    anonymous: "Sus respuestas son anónimas.",
    minutes: "Toma unos {n} minutos.",
    oneMinute: "Toma un minuto.",
  },
  ar: {
    headingAfterContact: "كيف كان أداؤنا؟",
    headingGeneral: "أخبرنا برأيك",
    inviteAfterContact: "تواصلت مؤخرًا مع {agency}. أخبرنا كيف كانت التجربة.",
    inviteGeneral: "{agency} تريد أن تسمع منك. إجاباتك تساعد في جعل مجتمعنا أكثر أمانًا.",
    scan: "امسح الرمز بكاميرا هاتفك، أو اكتب هذا العنوان:",
    anonymous: "إجاباتك لا تحمل اسمك.",
    minutes: "يستغرق حوالي {n} دقائق.",
    oneMinute: "يستغرق دقيقة واحدة تقريبًا.",
  },
};

/** The strings for a language (by its primary tag), or null when none are written yet. */
export function cardStringsFor(language: string): CardStrings | null {
  return CARD_STRINGS[language] ?? CARD_STRINGS[language.split("-")[0]!] ?? null;
}
