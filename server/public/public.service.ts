import { districtName } from "@shared/accounts.js";
import { fill } from "@shared/i18n/index.js";
import type { IndexKey } from "@shared/indices.js";
import { lastDayOf, localDate, quarterOf, spanOf, type HeadlinePeriod } from "@shared/periods.js";
import { isSuppressed, type Cell, type TrendPoint } from "@shared/suppression.js";
import { localize } from "@shared/survey.js";
import { presentAgency } from "@server/accounts/accounts.presenter.js";
import { findAgencyById, findAgencyBySlug, type Agency } from "@server/accounts/accounts.service.js";
import { buildResults, protectedMonthPoints } from "@server/analytics/analytics.service.js";
import { notFound } from "@server/platform/errors.js";
import { listSurveys, type Survey } from "@server/surveys/surveys.service.js";
import { currentShapes, findBoundaries } from "@server/boundaries/boundaries.service.js";
import { listActions, type Action } from "./actions.service.js";
import { projectShapes, type ProjectedMap, type PublicDistrictMap } from "./public-map.js";
import { cacheGeneration, cachedPublic, rememberPublic } from "./public-cache.js";
import {
  publicIndices,
  publicQuestions,
  publishableIndices,
  reliableInterval,
  type PublicIndex,
  type PublicQuestion,
} from "./public-results.js";
import {
  latestQuarterOf,
  publicTrends,
  withLatestMonth,
  withLatestPeriod,
  type MonthWeighting,
  type PublicTrendPoint,
} from "./public-trends.js";
import { publicStrings, type PublicStrings } from "./public-strings.js";
import { PUBLIC_LANGUAGES } from "./public.schemas.js";

export interface PublicAction {
  id: string;
  title: string;
  body: string;
  date: string;
  status: string;
  /** The survey's slug when the action answers one of its published results. */
  survey: string | null;
  indicator: string | null;
  indicatorLabel: string | null;
}

export interface PublicWeighting {
  applied: boolean;
  method?: string;
  variables?: string[];
  designEffect?: number;
  effectiveN?: number;
  reason?: string;
}

export interface PublicSurvey {
  slug: string;
  title: string;
  description: string;
  kind: string;
  status: string;
  n: Cell<number>;
  estimates: "weighted" | "unweighted";
  /** What each index's `latestPeriod` (the headline) covers: the agency's choice. */
  headlinePeriod: HeadlinePeriod;
  questions: PublicQuestion[];
  indices: PublicIndex[];
  /** Same estimator as the headline: `estimates` is the survey's own. */
  trends: { interval: "month"; estimates: "weighted" | "unweighted"; points: PublicTrendPoint[] };
  methodology: {
    sampleSize: Cell<number>;
    from: string | null;
    to: string | null;
    weighting: PublicWeighting;
    suppressionThreshold: number;
    note: string;
  };
  actions: PublicAction[];
  /** The first published index by district, for the map; only when the agency has boundaries. */
  districtMap?: PublicDistrictMap;
}

export interface PublicResults {
  agency: { slug: string; name: string; brandColor: string | null; logoUrl: string | null };
  language: string;
  languages: string[];
  suppressionThreshold: number;
  generatedAt: string;
  surveys: PublicSurvey[];
  /** Actions not tied to a published survey. */
  actions: PublicAction[];
}

/** The page's language: the one asked for, else the agency's first one we have words for. */
export function publicLanguage(agency: Pick<Agency, "languages">, asked?: string): string {
  if (asked) return asked;
  return agency.languages.find((l) => (PUBLIC_LANGUAGES as readonly string[]).includes(l)) ?? "en";
}

function weightingSummary(weighting: Record<string, unknown> | undefined): PublicWeighting {
  if (!weighting?.["applied"])
    return { applied: false, reason: String(weighting?.["reason"] ?? "not requested") };
  return {
    applied: true,
    method: String(weighting["method"]),
    variables: (weighting["variables"] as string[] | undefined) ?? [],
    designEffect: weighting["designEffect"] as number,
    effectiveN: weighting["effectiveN"] as number,
  };
}

/**
 * The plain-language note every survey carries: sample and dates, that it is opt-in, weighting
 * and its limits, what a range means (never a probability about the truth), suppression. The
 * reason weighting did not apply stays in `weighting.reason` (English, for staff and re-users).
 */
export function methodologyNote(
  survey: Omit<PublicSurvey["methodology"], "note">,
  strings: PublicStrings,
): string {
  const n =
    typeof survey.sampleSize === "number"
      ? String(survey.sampleSize)
      : fill(strings.fewerThan, { k: survey.suppressionThreshold });
  const parts = [
    survey.from && survey.to
      ? fill(strings.sampleNote, { n, from: survey.from, to: survey.to })
      : fill(strings.answeredBy, { n }),
    strings.optInNote,
    survey.weighting.applied
      ? fill(strings.weightedNote, {
          variables: (survey.weighting.variables ?? [])
            .map((v) => strings.weightingVariables[v] ?? v)
            .join(", "),
        })
      : strings.unweightedNote,
    strings.intervalNote,
    fill(strings.suppressionNote, { k: survey.suppressionThreshold }),
  ];
  return parts.join(" ");
}

function presentAction(
  action: Action,
  strings: PublicStrings,
  survey?: Survey,
  questions: PublicQuestion[] = [],
  indices: PublicIndex[] = [],
): PublicAction {
  const indicator = action.indicator ?? null;
  // Within a survey, only results on the page are named; agency-wide, any index is.
  const label = survey
    ? (indices.find((i) => i.key === indicator)?.label ??
      questions.find((q) => q.id === indicator)?.prompt ??
      null)
    : (strings.indices[indicator as IndexKey] ?? null);
  return {
    id: String(action._id),
    title: action.title,
    body: action.body ?? "",
    date: action.date,
    status: action.status,
    survey: survey?.slug ?? null,
    // An indicator that is not on the page (withheld question) is not named.
    indicator: label ? indicator : null,
    indicatorLabel: label,
  };
}

/**
 * Each shown month's weighted index scores, so the trend uses the headline's estimator: the
 * month's own body through the same release and the same raking to the agency's margins (a
 * designer may ask for the same whole-month view), so its hidden figures stay hidden.
 */
async function weightedMonths(
  survey: Survey,
  agency: Agency,
  points: TrendPoint[],
): Promise<Map<string, MonthWeighting>> {
  const shown = points.filter((p) => !isSuppressed(p.n) && Object.keys(p.indices).length > 0);
  const months = await Promise.all(
    shown.map(async (point): Promise<[string, MonthWeighting]> => {
      const filter = { weighted: true, from: `${point.period}-01`, to: lastDayOf(point.period) };
      const body = await buildResults(survey, agency, filter, "public");
      if (!body.weighted || body.weighting?.["applied"] !== true)
        return [point.period, { applied: false, reason: String(body.weighting?.["reason"] ?? "") }];
      const indices = Object.fromEntries(
        Object.entries(body.weighted.indices).map(([key, index]) => {
          const ci95 = reliableInterval(index.ci95, index.effectiveN);
          return [
            key,
            { score: index.score, ci95, marginOfError: ci95 === null ? null : index.marginOfError },
          ];
        }),
      );
      return [point.period, { applied: true, indices }];
    }),
  );
  return new Map(months);
}

/**
 * The latest quarter with responses that has ended, from its own body through the same
 * release (its figures are sums of its months', shown only where every month shows them), in
 * the headline's estimator: a weighted survey's quarter that cannot be weighted on its own
 * keeps its n but shows no scores rather than raw ones. Null before any quarter has ended.
 */
async function headlineQuarter(
  survey: Survey,
  agency: Agency,
  points: TrendPoint[],
  currentMonth: string,
  allowed: ReadonlySet<IndexKey>,
  strings: PublicStrings,
  estimates: "weighted" | "unweighted",
): Promise<{ period: string; indices: PublicIndex[] } | null> {
  const period = latestQuarterOf(points, quarterOf(currentMonth));
  if (!period) return null;
  const { from, to } = spanOf(period);
  const body = await buildResults(survey, agency, { weighted: estimates === "weighted", from, to }, "public");
  const indices = publicIndices(body, allowed, strings);
  if (estimates === "weighted" && body.weighting?.["applied"] !== true)
    return { period, indices: indices.map((i) => ({ ...i, score: null, ci95: null, marginOfError: null })) };
  return { period, indices };
}

/**
 * Each district's results as the public may see them: the district view of the one
 * disclosure-control release (all time, unweighted), as a designer may ask for it too.
 */
export async function publicDistrictBodies(survey: Survey, agency: Agency) {
  return Promise.all(
    agency.districts.map(async (district) => ({
      district,
      body: await buildResults(survey, agency, { district: district.code }, "public"),
    })),
  );
}

async function publicDistrictMap(
  survey: Survey,
  agency: Agency,
  index: PublicIndex | undefined,
  language: string,
): Promise<PublicDistrictMap | undefined> {
  if (!index) return undefined;
  const bodies = await publicDistrictBodies(survey, agency);
  return {
    index: index.key,
    label: index.label,
    districts: bodies.map(({ district, body }) => ({
      code: district.code,
      name: districtName(district, language),
      // A district whose n is hidden carries no indices: its score is hidden the same way.
      score: body.indices[index.key]?.score ?? (isSuppressed(body.n) ? body.n : null),
      n: body.indices[index.key]?.n ?? body.n,
    })),
  };
}

/** The agency's district outlines projected for the public map, or null without boundaries. */
export async function publicMapShapes(slug: string): Promise<ProjectedMap | null> {
  const agency = await findAgencyBySlug(slug);
  const boundaries = agency ? await findBoundaries(agency._id) : null;
  return agency && boundaries ? projectShapes(currentShapes(boundaries, agency)) : null;
}

async function publicSurvey(
  survey: Survey,
  agency: Agency,
  language: string,
  actions: Action[],
  mapped: boolean,
): Promise<PublicSurvey> {
  const strings = publicStrings(language);
  const k = agency.suppressionThreshold;
  const published = new Set<string>((survey.public as { questions?: string[] } | null)?.questions ?? []);
  const districts = new Map(agency.districts.map((d) => [d.code, districtName(d, language)]));
  // The public viewer: suppression always applies, whatever else changes in analytics.
  const [body, points] = await Promise.all([
    buildResults(survey, agency, { weighted: true }, "public"),
    protectedMonthPoints(survey, agency),
  ]);
  const allowed = publishableIndices(survey.questions, published);
  const questions = publicQuestions(survey.questions, body, published, language, districts);
  const weighting = weightingSummary(body.weighting);
  const estimates = weighting.applied ? "weighted" : "unweighted";
  const monthly = weighting.applied ? await weightedMonths(survey, agency, points) : undefined;
  const current = localDate(new Date(), agency.timezone).slice(0, 7);
  const quarter =
    agency.headlinePeriod === "quarter"
      ? await headlineQuarter(survey, agency, points, current, allowed, strings, estimates)
      : null;
  const indices = withLatestPeriod(
    withLatestMonth(publicIndices(body, allowed, strings), points, allowed, current, monthly),
    quarter,
  );
  // The map shows the first published index the whole survey has a shown score for.
  const mapIndex = indices.find((i) => typeof i.score === "number") ?? indices[0];
  const districtMap = mapped ? await publicDistrictMap(survey, agency, mapIndex, language) : undefined;
  // The months that hold responses: what the figures actually cover, whatever the survey's dates.
  const months = points.map((point) => point.period);
  const methodology = {
    sampleSize: body.n,
    from: months[0] ?? null,
    to: months.at(-1) ?? null,
    weighting,
    suppressionThreshold: k,
  };
  return {
    slug: survey.slug,
    title: localize(survey.title as Record<string, string>, language, "en"),
    description: localize(survey.description as Record<string, string>, language, "en"),
    kind: survey.kind,
    status: survey.status,
    n: body.n,
    estimates,
    headlinePeriod: agency.headlinePeriod ?? "month",
    questions,
    indices,
    trends: { interval: "month", estimates, points: publicTrends(points, allowed, monthly) },
    methodology: { ...methodology, note: methodologyNote(methodology, strings) },
    actions: actions
      .filter((a) => String(a.survey) === String(survey._id))
      .map((a) => presentAction(a, strings, survey, questions, indices)),
    ...(districtMap ? { districtMap } : {}),
  };
}

/**
 * What an agency publishes: its published surveys (open or closed, never drafts) with
 * suppressed, weighted results, and its "you said, we did" actions. No staff field leaves:
 * no emails, no staff ids, no internal survey ids. Unknown agency → 404.
 */
export async function publicResults(slug: string, asked?: string): Promise<PublicResults> {
  const agency = await findAgencyBySlug(slug);
  if (!agency) throw notFound("agency");
  const agencyId = String(agency._id);
  const language = publicLanguage(agency, asked);
  // Keyed by the agency's last change too, so new settings (threshold, margins, name) show at once.
  const updatedAt = (agency as { updatedAt?: Date }).updatedAt?.getTime() ?? 0;
  const key = `${agencyId}|${updatedAt}|${language}`;
  const cached = cachedPublic<PublicResults>(key);
  if (cached) return cached;
  // Visitors arriving together share one computation instead of each starting their own; a
  // change while it runs (a new generation) starts a fresh one.
  const generation = cacheGeneration(agencyId);
  const flightKey = `${key}|${generation}`;
  const running = inflight.get(flightKey);
  if (running) return running;
  const computing = computePublicResults(agency, language)
    .then((value) => {
      rememberPublic(key, agencyId, value, generation);
      return value;
    })
    .finally(() => inflight.delete(flightKey));
  inflight.set(flightKey, computing);
  return computing;
}

const inflight = new Map<string, Promise<PublicResults>>();

/** Computes an agency's public results once, in its default language (the server's warm-up). */
export async function warmPublicResults(agencyId: string): Promise<void> {
  const agency = await findAgencyById(agencyId).catch(() => null);
  if (agency) await publicResults(agency.slug);
}

async function computePublicResults(agency: Agency, language: string): Promise<PublicResults> {
  const agencyId = String(agency._id);
  const [surveys, actions, boundaries] = await Promise.all([
    listSurveys(agencyId),
    listActions(agencyId),
    findBoundaries(agencyId),
  ]);
  const shown = surveys
    .filter((s) => (s.public as { published?: boolean } | null)?.published === true && s.status !== "draft")
    .sort((a, b) => (b.openedAt?.getTime() ?? 0) - (a.openedAt?.getTime() ?? 0));
  const results = await Promise.all(
    shown.map((survey) => publicSurvey(survey, agency, language, actions, boundaries !== null)),
  );
  const shownIds = new Set(shown.map((s) => String(s._id)));
  const { logoUrl } = presentAgency(agency);
  const value: PublicResults = {
    agency: { slug: agency.slug, name: agency.name, brandColor: agency.brandColor ?? null, logoUrl },
    language,
    languages: [...PUBLIC_LANGUAGES],
    suppressionThreshold: agency.suppressionThreshold,
    generatedAt: new Date().toISOString(),
    surveys: results,
    actions: actions
      .filter((a) => !a.survey || !shownIds.has(String(a.survey)))
      .map((a) => presentAction(a, publicStrings(language))),
  };
  return value;
}
