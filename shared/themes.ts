/**
 * Comment themes: what an open-text answer is about, from a curated lexicon per theme in
 * English and Spanish (docs/THEMES.md says what each theme covers and why). A comment is
 * tokenised exactly as the frequent terms are (shared/terms.ts: case and accents folded, words
 * within one segment), and a theme applies when any of its entries occurs as whole words in a
 * row. An entry's word ending in `*` matches any word that starts with it ("patrull*" finds
 * "patrulla", "patrullas", "patrullaje"), which is how one entry covers plurals and the
 * inflections of Spanish verbs without matching inside other words.
 */
import { THEMES, THEME_IDS, type ThemeId } from "./theme-lexicon.js";
import { foldedSegments } from "./terms.js";

export { THEMES, THEME_IDS, type ThemeDefinition, type ThemeId } from "./theme-lexicon.js";

/** One entry as matched: folded words, each exact or (ending in `*`) a prefix; `*` alone is any word. */
type Pattern = Array<{ word: string; prefix: boolean }>;

function pattern(entry: string): Pattern {
  return entry.split(/\s+/).flatMap((raw) => {
    const prefix = raw.endsWith("*");
    const words = foldedSegments(prefix ? raw.slice(0, -1) : raw).flat();
    if (words.length === 0) return prefix ? [{ word: "", prefix: true }] : [];
    return words.map((word, i) => ({ word, prefix: prefix && i === words.length - 1 }));
  });
}

interface Entry {
  theme: ThemeId;
  pattern: Pattern;
}

// Entries indexed by their first word (exact, or the prefix an entry's `*` word starts with),
// so a comment is read once, word by word, instead of once per entry.
const BY_FIRST_WORD = new Map<string, Entry[]>();
const BY_FIRST_PREFIX = new Map<string, Entry[]>();
const ANY_FIRST: Entry[] = [];
for (const theme of THEMES)
  for (const text of [...theme.entries.en, ...theme.entries.es]) {
    const entry = { theme: theme.id, pattern: pattern(text) };
    const first = entry.pattern[0];
    if (!first) continue;
    if (first.word === "") ANY_FIRST.push(entry);
    else {
      const index = first.prefix ? BY_FIRST_PREFIX : BY_FIRST_WORD;
      index.set(first.word, [...(index.get(first.word) ?? []), entry]);
    }
  }

function matchesAt(words: string[], start: number, p: Pattern): boolean {
  return p.every((part, j) => {
    const word = words[start + j];
    if (word === undefined) return false;
    return part.prefix ? word.startsWith(part.word) : word === part.word;
  });
}

function candidates(word: string): Entry[] {
  const found = [...(BY_FIRST_WORD.get(word) ?? []), ...ANY_FIRST];
  for (let length = 1; length <= word.length; length++)
    found.push(...(BY_FIRST_PREFIX.get(word.slice(0, length)) ?? []));
  return found;
}

/**
 * The themes a comment is about, in the order of THEME_IDS. Both languages' entries apply to
 * every comment: residents mix them ("la patrol", "no lights en la calle"), and no entry is a
 * word of the other language with another meaning.
 */
export function commentThemes(text: string): ThemeId[] {
  const found = new Set<ThemeId>();
  for (const words of foldedSegments(text))
    words.forEach((word, i) => {
      for (const entry of candidates(word))
        if (!found.has(entry.theme) && matchesAt(words, i, entry.pattern)) found.add(entry.theme);
    });
  return THEME_IDS.filter((id) => found.has(id));
}
