import { checkAnswers } from "../../shared/answers.js";
import { scoreIndices } from "../../shared/indices.js";
import { periodKeys, type PeriodKeys } from "../../shared/periods.js";
import { answerOf, type Answers, type AnswerValue, type Question } from "../../shared/survey.js";
import { sharesFromCounts, weightingCell } from "../../shared/weighting.js";
import { createAgency, createUser, updateAgency } from "../../server/accounts/accounts.service.js";
import { DEMO_AGENCY } from "../../server/accounts/bootstrap.js";
import { expandIncrement, replaceSurveyRollups } from "../../server/analytics/rollup-store.js";
import { rollupWrites, type RollupSource } from "../../server/analytics/rollup-increments.js";
import { UNIT_VIEW_MIGRATION } from "../../server/analytics/rollups-rebuild.js";
import { unitViewWrites } from "../../server/analytics/unit-rollups.js";
import { runOnce } from "../../server/platform/migrations.js";
import { connectDatabase, disconnectDatabase, withDatabaseName } from "../../server/platform/database.js";
import { ResponseModel, responseId } from "../../server/responses/response.model.js";
import { setPublication } from "../../server/public/publication.service.js";
import { createSurvey, markHasResponses, publishSurvey } from "../../server/surveys/surveys.service.js";
import { seededRandom as random } from "../../test/helpers/random.js";

/**
 * Seeds one database for the dashboard benchmark: the demo agency (with population margins),
 * an admin and an analyst, one open community-trust survey, N stored responses spread over the
 * last 365 local days and all districts, and the rollups production would hold for them.
 *
 * Responses go in with the driver's unordered `insertMany` (the HTTP path would take hours
 * for a million). Rollups are built with the production functions (`rollupWrites`,
 * `expandIncrement`, `replaceSurveyRollups`); because every increment is linear, responses
 * sharing an answer set and a day are counted once with their multiplicity, which is exact on
 * the 1/256 moment grid and checked against the one-by-one sum for small sizes.
 */
export interface SeededData {
  surveyId: string;
  slug: string;
  analyst: { email: string; password: string };
  /** A designer of the same agency: reads pass the disclosure step. */
  designer: { email: string; password: string };
  /** The agency's slug: the survey is published, so its public results are read too. */
  agencySlug: string;
  responses: number;
  rollups: number;
  insertSeconds: number;
  rollupSeconds: number;
  /** First and last local day of one whole month inside the seeded range. */
  month: { from: string; to: string };
}

const ANSWER_SETS = 1000;
const BATCH = 5000;
const DAYS = 365;
/** Up to this size the multiplicity sum is checked against a response-by-response sum. */
const CHECK_UP_TO = 20_000;

/** Skewed choice: earlier entries are likelier (weights 1, 1/2, 1/3 …), as real answers are. */
function skewed<T>(rand: () => number, values: readonly T[]): T {
  const weights = values.map((_, i) => 1 / (i + 1));
  let r = rand() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length; i++) if ((r -= weights[i]!) <= 0) return values[i]!;
  return values.at(-1)!;
}

/** A plausible answer to one question, or undefined (skipped optional question). */
function answerFor(q: Question, rand: () => number, districts: string[]): AnswerValue | undefined {
  if (!q.required && rand() < 0.1) return undefined;
  const options = (q.options ?? []).map((o) => o.value);
  switch (q.type) {
    case "likert":
      return skewed(rand, [4, 3, 5, 2, 1, 0]);
    case "matrix":
      return Object.fromEntries((q.items ?? []).map((item) => [item.id, skewed(rand, [4, 3, 5, 2, 1, 0])]));
    case "multi":
      return [...new Set([skewed(rand, options), skewed(rand, options)])];
    case "single":
      return skewed(rand, options);
    case "yesno":
      return rand() < 0.35;
    case "rating":
      return skewed(
        rand,
        [4, 5, 3, 2, 1].filter((v) => v >= (q.scale?.min ?? 1) && v <= (q.scale?.max ?? 5)),
      );
    case "district":
      return districts[Math.floor(rand() * districts.length)];
    case "text":
      return rand() < 0.25 ? `Seeded comment ${Math.floor(rand() * 1e6)}` : undefined;
    default:
      return undefined;
  }
}

interface AnswerSet {
  answers: Answers;
  district: string | null;
  scores: RollupSource["scores"];
  cell: string | null;
}

function answerSets(questions: Question[], districts: string[], rand: () => number): AnswerSet[] {
  const districtQuestion = questions.find((q) => q.type === "district");
  const sets: AnswerSet[] = [];
  while (sets.length < ANSWER_SETS) {
    const raw: Answers = {};
    for (const q of questions) {
      if (q.showIf && !q.showIf.in.includes(raw[q.showIf.question] as never)) continue;
      const value = answerFor(q, rand, districts);
      if (value !== undefined) raw[q.id] = value;
    }
    const { problems, answers } = checkAnswers(questions, raw, districts);
    if (problems.length > 0) throw new Error(`generated answers are invalid: ${JSON.stringify(problems)}`);
    const district = districtQuestion ? ((answerOf(answers, districtQuestion.id) as string) ?? null) : null;
    sets.push({
      answers,
      district,
      scores: scoreIndices(questions, answers),
      cell: weightingCell(questions, answers),
    });
  }
  return sets;
}

/** Local days, oldest first, ending yesterday; each with its period keys and a base instant. */
function seedDays(timezone: string): Array<{ base: number; periods: PeriodKeys }> {
  const today = new Date();
  const days: Array<{ base: number; periods: PeriodKeys }> = [];
  for (let back = DAYS; back >= 1; back--) {
    // 18:00 UTC is midday in the Americas; ±5 h around it stays on the same local day there.
    const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back, 18);
    days.push({ base, periods: periodKeys(new Date(base), timezone) });
  }
  return days;
}

type Sums = Map<string, { period: string; segment: string; inc: Record<string, number> }>;

function addScaled(
  sums: Sums,
  period: string,
  segment: string,
  inc: Record<string, number>,
  k: number,
): void {
  const key = `${period}|${segment}`;
  let entry = sums.get(key);
  if (!entry) sums.set(key, (entry = { period, segment, inc: {} }));
  for (const field in inc) entry.inc[field] = (entry.inc[field] ?? 0) + k * inc[field]!;
}

const SENTINEL: PeriodKeys = { day: "@d", week: "@w", month: "@m" };

/** Rollup sums from (answer set × day) counts: one `rollupWrites` per answer set. */
function rollupSums(
  questions: Question[],
  sets: AnswerSet[],
  days: Array<{ periods: PeriodKeys }>,
  counts: Uint32Array,
): Sums {
  const sums: Sums = new Map();
  sets.forEach((set, s) => {
    const perDay = counts.subarray(s * days.length, (s + 1) * days.length);
    const total = perDay.reduce((a, b) => a + b, 0);
    if (total === 0) return;
    const byWeek = new Map<string, number>();
    const byMonth = new Map<string, number>();
    perDay.forEach((c, d) => {
      const { week, month } = days[d]!.periods;
      byWeek.set(week, (byWeek.get(week) ?? 0) + c);
      byMonth.set(month, (byMonth.get(month) ?? 0) + c);
    });
    for (const { period, segment, inc } of rollupWrites(questions, { ...set, periods: SENTINEL })) {
      // Only periods with responses get a document, as in production.
      const counted: Array<[string, number]> =
        period === "all"
          ? [["all", total]]
          : period === "d:@d"
            ? [...perDay].map((c, d): [string, number] => [`d:${days[d]!.periods.day}`, c])
            : period === "w:@w"
              ? [...byWeek].map(([w, c]): [string, number] => [`w:${w}`, c])
              : period === "m:@m"
                ? [...byMonth].map(([m, c]): [string, number] => [`m:${m}`, c])
                : [];
      if (counted.length === 0) throw new Error(`unexpected rollup period ${period}`);
      for (const [key, c] of counted) if (c > 0) addScaled(sums, key, segment, inc, c);
    }
    // The unit views' rollups are all-time only.
    for (const { segment, inc } of unitViewWrites(set)) addScaled(sums, "all", segment, inc, total);
  });
  return sums;
}

/** The plain sum, one response at a time, as the live path adds them. */
function checkSums(
  questions: Question[],
  sets: AnswerSet[],
  days: Array<{ periods: PeriodKeys }>,
  counts: Uint32Array,
  sums: Sums,
): void {
  const plain: Sums = new Map();
  counts.forEach((c, i) => {
    const set = sets[Math.floor(i / days.length)]!;
    const periods = days[i % days.length]!.periods;
    for (let k = 0; k < c; k++)
      for (const { period, segment, inc } of [
        ...rollupWrites(questions, { ...set, periods }),
        ...unitViewWrites(set),
      ])
        addScaled(plain, period, segment, inc, 1);
  });
  const same =
    plain.size === sums.size &&
    [...plain].every(([key, { inc }]) => {
      const other = sums.get(key)?.inc ?? {};
      return (
        Object.keys(inc).length === Object.keys(other).length &&
        Object.entries(inc).every(([f, v]) => other[f] === v)
      );
    });
  if (!same) throw new Error("seeded rollups differ from the response-by-response sum");
}

export async function seedDashboardData(
  engineUri: string,
  databaseName: string,
  size: number,
  admin: { email: string; password: string },
  log: (message: string) => void,
): Promise<SeededData> {
  await connectDatabase(withDatabaseName(engineUri, databaseName));
  try {
    // The real indexes, so inserts pay their upkeep (`init()` would be memoized across sizes).
    await ResponseModel.createIndexes();
    const agency = await createAgency(DEMO_AGENCY);
    const agencyId = String(agency._id);
    const districts = agency.districts.map((d) => d.code);
    const adminUser = await createUser({ agencyId, ...admin, role: "admin" });
    const analyst = { email: "analyst@example.org", password: admin.password };
    await createUser({ agencyId, ...analyst, role: "analyst" });
    const designer = { email: "designer@example.org", password: admin.password };
    await createUser({ agencyId, ...designer, role: "designer" });
    const staff = {
      agencyId,
      userId: String(adminUser._id),
      role: "admin" as const,
      email: "",
      sessionId: "",
      csrfToken: "",
    };
    const draft = await createSurvey(staff, { template: "community-trust" });
    const survey = await publishSurvey(staff, String(draft._id));
    const surveyId = String(survey._id);
    await setPublication(staff, surveyId, { published: true, questions: survey.questions.map((q) => q.id) });
    const rand = random(size);
    const sets = answerSets(survey.questions, districts, rand);
    await updateAgency(agencyId, { margins: marginsOf(sets, survey.questions, districts) });
    const days = seedDays(agency.timezone);
    const counts = new Uint32Array(sets.length * days.length);

    const started = performance.now();
    let lastLog = started;
    for (let done = 0; done < size;) {
      const batch: Array<Record<string, unknown>> = [];
      for (const end = Math.min(size, done + BATCH); done < end; done++) {
        const s = Math.floor(rand() * sets.length);
        const d = Math.floor(rand() * days.length);
        counts[s * days.length + d]! += 1;
        const set = sets[s]!;
        const submissionId = `bench-${done}`;
        batch.push({
          _id: responseId(surveyId, submissionId),
          survey: survey._id,
          agency: agency._id,
          version: survey.version,
          submissionId,
          answers: set.answers,
          language: "en",
          channel: "link",
          district: set.district,
          periods: days[d]!.periods,
          scores: set.scores,
          cell: set.cell,
          invitation: null,
          createdAt: new Date(days[d]!.base + Math.floor((rand() - 0.5) * 10 * 3_600_000)),
        });
      }
      await ResponseModel.collection.insertMany(batch as never[], { ordered: false });
      if (performance.now() - lastLog > 10_000 || done === size) {
        lastLog = performance.now();
        const s = (lastLog - started) / 1000;
        log(`  seed ${size}: ${done} responses inserted in ${s.toFixed(0)} s (${(done / s).toFixed(0)}/s)`);
      }
    }
    // As the submission path does: the survey now has responses (its results are warmed at start).
    await markHasResponses(surveyId);
    const insertSeconds = (performance.now() - started) / 1000;

    const rollupStarted = performance.now();
    const sums = rollupSums(survey.questions, sets, days, counts);
    if (size <= CHECK_UP_TO) checkSums(survey.questions, sets, days, counts, sums);
    const rollups = [...sums.values()].map(({ period, segment, inc }) => ({
      period,
      segment,
      counts: expandIncrement(inc),
    }));
    log(`  seed ${size}: writing ${rollups.length} rollups into their packs`);
    await replaceSurveyRollups(surveyId, agencyId, rollups);
    // They count every response already, unit views included: the server's first start has
    // nothing left to count (it would otherwise scan every response once).
    await runOnce(UNIT_VIEW_MIGRATION, () => Promise.resolve());
    const rollupSeconds = (performance.now() - rollupStarted) / 1000;
    log(`  seed ${size}: rollups written in ${rollupSeconds.toFixed(1)} s`);

    const mid = days[Math.floor(days.length / 2)]!.periods.month;
    const [y, m] = mid.split("-").map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return {
      surveyId,
      slug: survey.slug,
      analyst,
      designer,
      agencySlug: agency.slug,
      responses: size,
      rollups: rollups.length,
      insertSeconds,
      rollupSeconds,
      month: { from: `${mid}-01`, to: `${mid}-${String(last).padStart(2, "0")}` },
    };
  } finally {
    await disconnectDatabase();
  }
}

/** Population margins near (not equal to) the sample's mix, so raking has work to do. */
function marginsOf(
  sets: AnswerSet[],
  questions: Question[],
  districts: string[],
): Record<string, Record<string, number>> {
  const margins: Record<string, Record<string, number>> = {};
  for (const q of questions) {
    const role = q.demographic;
    if (!role) continue;
    const counts: Record<string, number> = {};
    const values = q.type === "district" ? districts : (q.options ?? []).map((o) => o.value);
    for (const value of values) {
      if (value === "prefer_not") continue;
      counts[value] = 10 + sets.filter((s) => answerOf(s.answers, q.id) === value).length;
    }
    // Flatten the sample's skew a little: the population is more even than who answers.
    for (const key of Object.keys(counts)) counts[key] = Math.sqrt(counts[key]!);
    margins[role] = sharesFromCounts(counts);
  }
  return margins;
}
