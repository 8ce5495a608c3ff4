import type { PeerIndex } from "@shared/benchmarks.js";
import { INDEX_KEYS, INDEX_LABELS, type IndexKey } from "@shared/indices.js";
import { isReliable } from "@shared/flags.js";
import { lastDayOf, latestCompleteMonth } from "@shared/periods.js";
import { isSuppressed, seesExactCounts } from "@shared/suppression.js";
import { localize } from "@shared/survey.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { surveyAndAgency, surveyResults } from "@server/analytics/analytics.service.js";
import { topThemes, type TopTheme } from "@server/analytics/comment-themes.js";
import { listComments } from "@server/analytics/comments.service.js";
import type { Change, Comparison } from "@server/analytics/compare.js";
import { compareWaves } from "@server/analytics/compare.service.js";
import type { ThemeFigure } from "@server/disclosure/comment-themes.js";
import { surveyBenchmarks } from "@server/benchmarks/peers.service.js";
import { clock } from "@server/platform/clock.js";
import { listActions } from "@server/public/actions.service.js";
import { surveyRecommendations } from "@server/resources/survey-recommendations.js";
import { rankedMovements, type Movement } from "./brief-movements.js";

export interface BriefIndex {
  key: IndexKey;
  label: string;
  /** null when hidden from the caller's role or absent. */
  score: number | null;
  n: number | null;
  /** 95% interval; null below the minimum reliable n. */
  ci95: [number, number] | null;
  change: { change: number; testName: string; pAdjusted: number | null; significant: boolean } | null;
  /** The peer agencies' median, quartiles and this agency's percentile; null when not available. */
  peer: PeerIndex | null;
}

export type BriefTheme = TopTheme;

export interface BriefData {
  agencyName: string;
  surveyTitle: string;
  month: string;
  previousMonth: string;
  /** null when hidden from the caller's role. */
  responses: number | null;
  previousResponses: number | null;
  role: string;
  suppressed: boolean;
  correction: string;
  indices: BriefIndex[];
  /** How many peer agencies the comparison rests on, or why there is none. */
  peers: { count: number; note: string | null };
  movements: Movement[];
  terms: Array<{ question: string; terms: Array<{ term: string; count: number }> }>;
  /** Why no terms are shown, when none are. */
  termsNote: string | null;
  /** The month's most frequent comment themes per open-text question, with their comments' tone. */
  themes: Array<{ question: string; themes: BriefTheme[] }>;
  themesNote: string | null;
  resources: Array<{ indicator: string; reason: string; titles: string[] }>;
  /** Recommended indicators left out for space. */
  moreResources: number;
  actions: Array<{ title: string; status: string; date: string }>;
  moreActions: number;
}

/** The month before `YYYY-MM`. */
export function previousMonthOf(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
/** What fits one printed page beside the indices; the rest is counted, not listed. */
const MAX_ACTIONS = 5;
const MAX_TERMS = 6;
const MAX_THEMES = 3;
const MAX_RESOURCE_INDICATORS = 3;
const MAX_RESOURCE_TITLES = 2;
const MAX_TITLE = 100;

/** A title of at most MAX_TITLE characters (a whole title is up to 200, too long for a page). */
const shortened = (title: string): string =>
  title.length <= MAX_TITLE ? title : `${title.slice(0, MAX_TITLE - 1).trimEnd()}…`;

/**
 * The actions a meeting has to follow up: those of this survey or of the whole agency that are
 * not done (planned or in progress, whatever their date, oldest first), then those marked done
 * with a date in the brief's month, so what was delivered is reported once.
 */
async function actionsDue(agencyId: string, surveyId: string, month: string) {
  const actions = (await listActions(agencyId)).filter((a) => !a.survey || String(a.survey) === surveyId);
  const open = actions.filter((a) => a.status !== "done").sort((x, y) => x.date.localeCompare(y.date));
  const done = actions.filter((a) => a.status === "done" && a.date.startsWith(month));
  const due = [...open, ...done].map((a) => ({ title: shortened(a.title), status: a.status, date: a.date }));
  return { actions: due.slice(0, MAX_ACTIONS), moreActions: Math.max(0, due.length - MAX_ACTIONS) };
}

/** Frequent terms and top themes of each open-text question over the month, as the caller's role may see them. */
async function monthComments(
  staff: StaffContext,
  surveyId: string,
  textQuestions: Array<{ id: string; prompt: string }>,
  from: string,
  to: string,
) {
  const terms: BriefData["terms"] = [];
  const themes: BriefData["themes"] = [];
  for (const q of textQuestions) {
    const body = (await listComments(staff, surveyId, {
      question: q.id,
      from,
      to,
      page: 1,
      pageSize: 1,
    })) as {
      terms?: Record<string, { terms: Array<{ term: string; count: number }> }>;
      themes?: Record<string, { themes: ThemeFigure[] }>;
    };
    const listed = body.terms?.[q.id]?.terms ?? [];
    if (listed.length > 0) terms.push({ question: q.prompt, terms: listed.slice(0, MAX_TERMS) });
    const top = topThemes(body.themes?.[q.id]?.themes ?? [], MAX_THEMES);
    if (top.length > 0) themes.push({ question: q.prompt, themes: top });
  }
  return { terms, themes };
}

/** Why the terms section is empty, when it is. */
function termsNote(listed: boolean, asked: boolean, exact: boolean): string | null {
  if (listed) return null;
  if (!asked) return "This survey asks no open-text question.";
  if (!exact) return "Terms for a single month are shown to analysts and admins only.";
  return "No term was used in two or more comments this month.";
}

/** Why the themes section is empty, when it is. */
function themesNote(listed: boolean, asked: boolean, exact: boolean): string | null {
  if (listed) return null;
  if (!asked) return "This survey asks no open-text question.";
  if (!exact) return "Themes for a single month are shown to analysts and admins only.";
  return "No comment this month was about one of the themes.";
}

/**
 * A one-page monthly brief of a survey for a command-staff meeting, assembled only from the
 * services behind the dashboard, each called as the caller: results of the month (suppressed
 * below the analyst role), the change against the month before from the wave comparison
 * (Holm-corrected), comment terms, recommended resources and "you said, we did" actions due.
 * The brief computes no statistic of its own; it picks and orders what those services show.
 */
export async function monthlyBrief(
  staff: StaffContext,
  surveyId: string,
  month?: string,
): Promise<BriefData> {
  const { survey, agency } = await surveyAndAgency(staff.agencyId, surveyId);
  const chosen = month ?? latestCompleteMonth(clock.now(), agency.timezone);
  const previous = previousMonthOf(chosen);
  const from = `${chosen}-01`;
  const to = lastDayOf(chosen);
  const language = survey.languages[0] ?? "en";
  const [results, compared, recommendations, due, benchmarks] = await Promise.all([
    surveyResults(staff, surveyId, { from, to }),
    compareWaves(staff, surveyId, {
      a_from: `${previous}-01`,
      a_to: lastDayOf(previous),
      b_from: from,
      b_to: to,
    }),
    surveyRecommendations(staff, surveyId, { from, to }),
    actionsDue(staff.agencyId, surveyId, chosen),
    surveyBenchmarks(staff, surveyId, chosen),
  ]);
  const comparison = compared as Partial<Comparison> & {
    suppressed?: boolean;
    waves: { a: { n: unknown }; b: { n: unknown } };
  };
  const indices: BriefIndex[] = INDEX_KEYS.filter((key) => results.indices[key]).map((key) => {
    const r = results.indices[key]!;
    const n = num(r.n);
    const c = comparison.indices?.[key];
    const tested = c && !isSuppressed(c) && typeof (c as Change).change === "number" ? (c as Change) : null;
    return {
      key,
      label: INDEX_LABELS[key],
      score: num(r.score),
      n,
      ci95: isReliable(n) && Array.isArray(r.ci95) ? r.ci95 : null,
      change: tested
        ? {
            change: tested.change!,
            testName: tested.testName,
            pAdjusted: tested.pAdjusted,
            significant: tested.significant,
          }
        : null,
      peer: (benchmarks.available && benchmarks.indices[key]) || null,
    };
  });
  const movements =
    comparison.questions && comparison.indices
      ? rankedMovements(comparison as Comparison, survey.questions, language).slice(0, 3)
      : [];
  const textQuestions = survey.questions
    .filter((q) => q.type === "text")
    .map((q) => ({ id: q.id, prompt: localize(q.prompt, language, "en") }));
  const { terms, themes } = await monthComments(staff, surveyId, textQuestions, from, to);
  const exact = seesExactCounts(staff.role);
  return {
    agencyName: agency.name,
    surveyTitle: localize(survey.title, language, "en"),
    month: chosen,
    previousMonth: previous,
    responses: num(results.n),
    previousResponses: num(comparison.waves.a.n),
    role: staff.role,
    suppressed: results.suppression?.applied === true,
    correction: comparison.correction?.name ?? "Holm",
    indices,
    peers: benchmarks.available
      ? { count: benchmarks.peers, note: null }
      : { count: 0, note: benchmarks.reason },
    movements,
    terms,
    termsNote: termsNote(terms.length > 0, textQuestions.length > 0, exact),
    themes,
    themesNote: themesNote(themes.length > 0, textQuestions.length > 0, exact),
    resources: recommendations.recommendations.slice(0, MAX_RESOURCE_INDICATORS).map((r) => ({
      indicator: INDEX_LABELS[r.indicator as IndexKey] ?? r.indicator,
      reason: r.reason,
      titles: r.resources.slice(0, MAX_RESOURCE_TITLES).map((x) => x.title),
    })),
    moreResources: Math.max(0, recommendations.recommendations.length - MAX_RESOURCE_INDICATORS),
    ...due,
  };
}
