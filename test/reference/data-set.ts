/**
 * The reference check's data set: 600 answers to the community-trust template over January and
 * February 2026, drawn from a seeded generator so every run submits the same responses. Opinions
 * depend on district, age and month, and the sample over-represents D1 and older people, so
 * weighting moves the estimates and the months differ; a rare priority ("other") makes a
 * change fall to Fisher's exact test, and options nobody chose to the rule that leaves them untested.
 */
import { seededRandom } from "../helpers/random.js";

export interface GeneratedResponse {
  /** Noon in Chicago (the test agency's zone) on the day, so the local date is that day. */
  submittedAt: Date;
  month: "2026-01" | "2026-02";
  answers: Record<string, unknown>;
}

const AGES = ["18_24", "25_34", "35_44", "45_54", "55_64", "65_plus"];
const RACES = ["asian", "black", "hispanic", "white", "multiple", "other"];
const PRIORITIES: Array<[string, number]> = [
  ["violent_crime", 0.45],
  ["property_crime", 0.35],
  ["traffic", 0.3],
  ["drugs", 0.2],
  ["youth", 0.15],
  ["mental_health", 0.1],
  ["fast_response", 0.25],
  ["get_to_know", 0.08],
];
/** "Something else" is rare, and rarer in January: its change is a job for Fisher's exact test. */
const OTHER_PRIORITY = { "2026-01": 0.004, "2026-02": 0.015 };
const LIKERT_IDS = [
  "q_safe_day",
  "q_safe_night",
  "q_safe_overall",
  "q_trust_overall",
  "q_legit_values",
  "q_legit_law",
  "q_trust_confidence",
  "q_pj_care",
  "q_engage_partner",
  "q_engage_report",
];
const MATRIX_ITEMS = ["listens", "explains", "fair", "facts", "respect", "motives"];

/** Population counts the agency's margins are made from (POST /agency/margins/from-counts). */
export const POPULATION_COUNTS = {
  district: { D1: 35_000, D2: 35_000, D3: 30_000 },
  age: {
    "18_24": 12_000,
    "25_34": 18_000,
    "35_44": 17_000,
    "45_54": 16_000,
    "55_64": 16_000,
    "65_plus": 21_000,
  },
  gender: { woman: 51_000, man: 49_000 },
};

export function generateResponses(count = 600, seed = 20260112): GeneratedResponse[] {
  const random = seededRandom(seed);
  const pick = <T>(items: Array<[T, number]>): T => {
    let u = random() * items.reduce((a, [, w]) => a + w, 0);
    for (const [item, w] of items) if ((u -= w) < 0) return item;
    return items[items.length - 1]![0];
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out: GeneratedResponse[] = [];
  for (let i = 0; i < count; i++) {
    const month = i < count / 2 ? "2026-01" : "2026-02";
    const day = 1 + Math.floor(random() * 28);
    const district = pick([
      ["D1", 0.5],
      ["D2", 0.3],
      ["D3", 0.2],
    ]);
    const age = pick<string | null>([
      ...AGES.map((a, k): [string, number] => [a, [0.06, 0.1, 0.14, 0.2, 0.22, 0.21][k]!]),
      ["prefer_not", 0.03],
      [null, 0.04],
    ]);
    const gender = pick([
      ["woman", 0.52],
      ["man", 0.4],
      ["nonbinary", 0.03],
      ["prefer_not", 0.05],
    ]);
    const race = random() < 0.05 ? null : RACES[Math.floor(random() * RACES.length)]!;
    const young = age === "18_24" || age === "25_34";
    const base =
      3 +
      (district === "D1" ? 0.4 : district === "D3" ? -0.6 : 0) +
      (young ? -0.5 : 0) +
      (month === "2026-02" ? 0.25 : 0);
    const likert = (shift = 0): number =>
      random() < 0.05 ? 0 : Math.min(5, Math.max(1, Math.round(base + shift + normal())));
    const answers: Record<string, unknown> = {};
    LIKERT_IDS.forEach((id, k) => (answers[id] = likert((k % 3) * 0.2 - 0.2)));
    answers["q_pj_general"] = Object.fromEntries(
      MATRIX_ITEMS.map((item, k) => [item, likert(k * 0.1 - 0.3)]),
    );
    const priorities = PRIORITIES.filter(([, p]) => random() < p).map(([value]) => value);
    if (random() < OTHER_PRIORITY[month]) priorities.push("other");
    answers["q_priorities"] = priorities.length > 0 ? priorities : ["violent_crime"];
    const contact = random() < (month === "2026-02" ? 0.4 : 0.3);
    answers["q_contact"] = contact;
    if (contact) answers["q_contact_satisfaction"] = Math.min(5, Math.max(1, Math.round(base + normal())));
    if (random() < 0.2) answers["q_comment"] = `Reference comment ${i}`;
    answers["q_district"] = district;
    if (age !== null) answers["q_age"] = age;
    answers["q_gender"] = gender;
    if (race !== null) answers["q_race"] = race;
    out.push({ submittedAt: new Date(`${month}-${String(day).padStart(2, "0")}T18:00:00Z`), month, answers });
  }
  return out;
}
