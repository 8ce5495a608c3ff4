/**
 * Frequent terms and 2–3 word phrases in open-text answers, English and Spanish. Counts are
 * document frequencies (how many comments use a term), so one long comment cannot make its
 * own words look common. Phrases never cross punctuation and never start or end on a stop
 * word ("lack of lighting" counts, "of the" does not).
 */

const EN = `a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
down during each few for from further get got had hadn't has hasn't have haven't having he he'd he'll
he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it
it's its itself just let's like me much mustn't my myself no nor not now of off on once only
or other ought our ours ourselves out over own really same shan't she she'd she'll she's should
shouldn't so some such than that that's the their theirs them themselves then there there's these they
they'd they'll they're they've this those through to too under until up us very was wasn't we we'd
we'll we're we've were weren't what what's when when's where where's which while who who's whom why
why's will with won't would wouldn't yes you you'd you'll you're you've your yours yourself yourselves
also even ever every get gets go going im ive dont doesnt didnt cant wont isnt thats theyre youre`;

const ES = `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e
el ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estaban
estado estamos estan estar estas este esto estos estoy fue fueron fui ha hace hacen han has hasta hay
he la las le les lo los me mi mis mucho muchos muy nada ni no nos nosotros o os otra otras otro
otros para pero poco por porque que quien quienes se sea ser si sido siempre sin sobre sois solo somos
son soy su sus también tambien tan tanto te tenemos tener tengo ti tiene tienen todo todos tu tus un
una uno unos usted ustedes vosotros y ya yo mí qué sí tú él está están así aquí cada`;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${EN} ${ES}`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => fold(w)),
);

/** Lower case without accents, so "Policía" and "policia" count as one term. */
function fold(word: string): string {
  return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/[’]/g, "'");
}

/** Words that make a phrase ("more patrols", "más patrullas") but say nothing alone. */
const PHRASE_ONLY: ReadonlySet<string> = new Set(["more", "most", "less", "mas", "menos"]);

const PLACEHOLDER = /\[(?:email|phone|address)\]/g;
const SEGMENT_BREAK = /[.!?;:,()"“”¿¡\n\r\t]+/u;
const WORD = /\p{L}[\p{L}'’-]*/gu;

interface Token {
  key: string;
  shown: string;
  stop: boolean;
}

function segments(text: string): Token[][] {
  return text
    .replace(PLACEHOLDER, ".")
    .split(SEGMENT_BREAK)
    .map((segment) =>
      (segment.match(WORD) ?? [])
        .map((raw) => raw.replace(/^['’-]+|['’-]+$/g, ""))
        .filter((raw) => raw.length >= 2)
        .map((raw) => {
          const key = fold(raw);
          return { key, shown: raw.toLowerCase(), stop: STOP_WORDS.has(key) };
        }),
    )
    .filter((tokens) => tokens.length > 0);
}

export interface TermCount {
  term: string;
  count: number;
}

export interface FrequentTerms {
  terms: TermCount[];
  phrases: TermCount[];
}

export interface TermOptions {
  limit?: number;
  minCount?: number;
}

function top(counts: Map<string, { count: number; shown: string }>, minCount: number, limit: number) {
  return [...counts.values()]
    .filter((c) => c.count >= minCount)
    .sort((a, b) => b.count - a.count || a.shown.localeCompare(b.shown))
    .slice(0, limit)
    .map((c) => ({ term: c.shown, count: c.count }));
}

/** The most frequent terms and phrases across a list of comments. */
export function frequentTerms(texts: string[], options: TermOptions = {}): FrequentTerms {
  const limit = options.limit ?? 20;
  const minCount = options.minCount ?? 2;
  const terms = new Map<string, { count: number; shown: string }>();
  const phrases = new Map<string, { count: number; shown: string }>();
  for (const text of texts) {
    const seenTerms = new Map<string, string>();
    const seenPhrases = new Map<string, string>();
    for (const tokens of segments(text)) {
      tokens.forEach((token, i) => {
        if (!token.stop && token.key.length >= 3 && !PHRASE_ONLY.has(token.key))
          seenTerms.set(token.key, token.shown);
        for (const size of [2, 3]) {
          const gram = tokens.slice(i, i + size);
          if (gram.length < size || gram[0]!.stop || gram[size - 1]!.stop) continue;
          seenPhrases.set(gram.map((t) => t.key).join(" "), gram.map((t) => t.shown).join(" "));
        }
      });
    }
    for (const [key, shown] of seenTerms) {
      const entry = terms.get(key) ?? { count: 0, shown };
      entry.count += 1;
      terms.set(key, entry);
    }
    for (const [key, shown] of seenPhrases) {
      const entry = phrases.get(key) ?? { count: 0, shown };
      entry.count += 1;
      phrases.set(key, entry);
    }
  }
  // A two-word phrase that only ever appears inside one three-word phrase adds nothing.
  const covered = new Set<string>();
  for (const [key, entry] of phrases) {
    const words = key.split(" ");
    if (words.length !== 3) continue;
    for (const part of [words.slice(0, 2).join(" "), words.slice(1).join(" ")]) {
      if (phrases.get(part)?.count === entry.count) covered.add(part);
    }
  }
  for (const key of covered) phrases.delete(key);
  return { terms: top(terms, minCount, limit), phrases: top(phrases, minCount, limit) };
}

/**
 * A text's words, folded, one list per segment (punctuation ends a segment, placeholders of
 * redacted details too): the one tokeniser behind terms and comment themes.
 */
export function foldedSegments(text: string): string[][] {
  return segments(text).map((tokens) => tokens.map((token) => token.key));
}

/** A term or phrase as counted: its words folded, so "Street Lights" and "street lights" are one. */
export function termKey(term: string): string {
  return segments(term)
    .flat()
    .map((token) => token.key)
    .join(" ");
}

/**
 * Whether a comment uses a term or phrase the way `frequentTerms` counts it: the words in a row
 * within one segment, folded. Filtering by a listed term therefore finds exactly its count.
 */
export function mentionsTerm(text: string, term: string): boolean {
  const wanted = termKey(term).split(" ").filter(Boolean);
  if (wanted.length === 0) return false;
  return segments(text).some((tokens) =>
    tokens.some((_, i) => wanted.every((key, j) => tokens[i + j]?.key === key)),
  );
}
