/**
 * Comment themes: what an open-text answer is about, from a curated lexicon per theme in
 * English and Spanish (docs/THEMES.md says what each theme covers and why). A comment is
 * tokenised exactly as the frequent terms are (shared/terms.ts: case and accents folded, words
 * within one segment), and a theme applies when any of its entries occurs as whole words in a
 * row. An entry's word ending in `*` matches any word that starts with it ("patrull*" finds
 * "patrulla", "patrullas", "patrullaje"), which is how one entry covers plurals and the
 * inflections of Spanish verbs without matching inside other words.
 */
import { foldedSegments } from "./terms.js";

export const THEME_IDS = [
  "response_time",
  "respect",
  "traffic",
  "lighting",
  "youth",
  "drugs",
  "patrol_presence",
  "communication",
] as const;
export type ThemeId = (typeof THEME_IDS)[number];

export interface ThemeDefinition {
  id: ThemeId;
  label: { en: string; es: string };
  /** Words and phrases, as a resident would write them, before folding. */
  entries: { en: string[]; es: string[] };
}

export const THEMES: readonly ThemeDefinition[] = [
  {
    id: "response_time",
    label: { en: "Response time", es: "Tiempo de respuesta" },
    entries: {
      en: [
        "response time*",
        "slow response",
        "quick response",
        "fast response",
        "took forever",
        "takes forever",
        "wait forever",
        "took over",
        "took * hours",
        "took * minutes",
        "took an hour",
        "took hours",
        "waited",
        "waiting for",
        "delay*",
        "show up",
        "showed up",
        "nobody came",
        "no one came",
        "nobody showed",
        "no one showed",
        "arrived within",
        "came right away",
        "right away",
        "for a car to come",
        "for anyone to",
        "minutes for",
        "hours for",
      ],
      es: [
        "tiempo de respuesta",
        "tarda*",
        "tardo",
        "tardanza",
        "demora*",
        "esper*",
        "eternidad",
        "nadie vino",
        "nunca llego",
        "nunca llego nadie",
        "no llego",
        "llegaron en",
        "en llegar",
        "vinieron de inmediato",
        "de inmediato",
        "respondieron rapido",
        "la respuesta es",
        "lentisim*",
      ],
    },
  },
  {
    id: "respect",
    label: { en: "Respect", es: "Respeto" },
    entries: {
      en: [
        "respect*",
        "disrespect*",
        "rude*",
        "polite*",
        "courteous*",
        "kind",
        "friendly",
        "professional*",
        "unprofessional*",
        "dignity",
        "condescending",
        "talked down",
        "laughed at",
        "yell*",
        "aggressive*",
        "threatening",
        "profiled",
        "profiling",
        "treated*",
        "treat people",
        "patient",
        "listened",
        "didn't listen",
        "like a suspect",
        "like they are criminals",
      ],
      es: [
        "respeto",
        "respetuos*",
        "irrespetuos*",
        "falta de respeto",
        "groser*",
        "amable*",
        "educad*",
        "profesional*",
        "dignidad",
        "desprecio",
        "discrimin*",
        "se burlo",
        "burl*",
        "grit*",
        "agresiv*",
        "amenazante*",
        "trato",
        "trataron",
        "tratar",
        "paciente*",
        "me escucho",
        "me escucharon",
        "no me escucharon",
      ],
    },
  },
  {
    id: "traffic",
    label: { en: "Traffic", es: "Tránsito" },
    entries: {
      en: [
        "traffic",
        "speed*",
        "red light",
        "stop sign*",
        "street racing",
        "drivers",
        "cars fly",
        "crosswalk*",
        "parking illegally",
        "illegal parking",
        "double parked",
        "no parking",
        "speed bump*",
        "ticket",
        "tickets",
        "slow down",
      ],
      es: [
        "trafico",
        "transito",
        "velocidad",
        "semaforo*",
        "carreras de autos",
        "conductor*",
        "maneja*",
        "tope*",
        "alto de",
        "multa*",
        "paso peatonal",
        "cruce peatonal",
        "se estacionan",
        "estacionarse",
        "mal estacionad*",
        "carros pasan",
      ],
    },
  },
  {
    id: "lighting",
    label: { en: "Lighting", es: "Alumbrado" },
    entries: {
      en: ["lighting", "street light*", "streetlight*", "lights", "no lights", "dark", "pitch dark", "lamp*"],
      es: ["iluminacion", "alumbrado", "luces", "luz", "poste de luz", "lampara*", "oscur*"],
    },
  },
  {
    id: "youth",
    label: { en: "Youth", es: "Jóvenes" },
    entries: {
      en: [
        "youth",
        "kids",
        "teen*",
        "teenager*",
        "juvenile*",
        "young people",
        "students",
        "school resource",
        "high school",
        "my kids",
        "the kids",
        "for kids",
        "rec center",
        "summer camp",
        "youth league",
      ],
      es: [
        "joven*",
        "juvenil*",
        "muchacho*",
        "chavo*",
        "chamaco*",
        "adolescente*",
        "ninos",
        "mis hijos",
        "estudiantes",
        "en las escuelas",
        "prepa",
        "campamento de verano",
      ],
    },
  },
  {
    id: "drugs",
    label: { en: "Drugs", es: "Drogas" },
    entries: {
      en: [
        "drug*",
        "dealer*",
        "dealing",
        "needles",
        "syringe*",
        "fentanyl",
        "meth*",
        "overdos*",
        "narcotic*",
        "weed",
        "opioid*",
        "heroin",
        "crack house",
      ],
      es: [
        "droga*",
        "drogandose",
        "jeringa*",
        "fentanilo",
        "narco*",
        "sobredosis",
        "marihuana",
        "mota",
        "cristal",
        "venden droga*",
      ],
    },
  },
  {
    id: "patrol_presence",
    label: { en: "Patrol presence", es: "Presencia policial" },
    entries: {
      en: [
        "patrol*",
        "police presence",
        "police car",
        "cruiser*",
        "walking the beat",
        "on foot",
        "visible police",
        "officers driving by",
        "driving by",
        "bike officers",
        "where are the police",
        "see officers",
      ],
      es: [
        "patrull*",
        "rondin*",
        "presencia policial",
        "vigilancia",
        "oficiales caminando",
        "oficiales pasar",
        "oficiales en bicicleta",
        "donde esta la policia",
      ],
    },
  },
  {
    id: "communication",
    label: { en: "Communication", es: "Comunicación" },
    entries: {
      en: [
        "communicat*",
        "called me back",
        "call back",
        "follow up",
        "followed up",
        "informed",
        "updates",
        "heard anything",
        "heard back",
        "no reply",
        "non-emergency number",
        "nobody answers",
        "social media",
        "community meeting*",
        "newsletter",
        "text alerts",
        "alerts",
        "explained",
        "didn't explain",
        "case number",
        "online report",
        "open house",
        "emailed",
        "talk to",
        "put on hold",
        "dispatch",
      ],
      es: [
        "comunicacion",
        "devolvio la llamada",
        "seguimiento",
        "informad*",
        "informacion",
        "informativa",
        "no he sabido",
        "nadie contesta",
        "me respondieron",
        "no respondieron",
        "nunca respondieron",
        "redes sociales",
        "reuniones",
        "boletin",
        "alertas",
        "explico",
        "explicaron",
        "numero de caso",
        "en linea",
        "casa abierta",
        "correos",
        "platicar",
        "en espera",
        "la central",
      ],
    },
  },
];

const THEME_SET: ReadonlySet<string> = new Set(THEME_IDS);

export function isThemeId(value: string): value is ThemeId {
  return THEME_SET.has(value);
}

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
