import { INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import type { Role } from "@shared/accounts.js";
import { comparisonFigures, type ComparisonFigures } from "@shared/flags.js";
import { isSuppressed } from "@shared/suppression.js";
import { localize, type LocalizedText } from "@shared/survey.js";
import { seesExactCounts } from "@shared/suppression.js";
import { findAgencyById, type StaffContext } from "@server/accounts/accounts.service.js";
import { topThemes, type TopTheme } from "@server/analytics/comment-themes.js";
import { listComments } from "@server/analytics/comments.service.js";
import { compareWaves } from "@server/analytics/compare.service.js";
import type { ThemeFigure } from "@server/disclosure/comment-themes.js";
import { recommendedResources } from "@server/resources/resources.service.js";
import { listSurveys } from "@server/surveys/surveys.service.js";

export interface DigestRecipient {
  userId: string;
  agencyId: string;
  email: string;
  role: Role;
}

/** A figure the recipient may see, or null when it is hidden (small cell) or absent. */
export interface DigestIndex {
  key: IndexKey;
  score: number | null;
  previous: number | null;
  change: number | null;
  significant: boolean;
  p: number | null;
  testName: string | null;
}

export interface DigestAttention {
  indicator: IndexKey;
  reason: "falling" | "weak" | "weakest";
  score: number | null;
  resources: Array<{ title: string; category: string; url: string | null }>;
}

export interface DigestSurvey {
  id: string;
  title: LocalizedText;
  languages: string[];
  /** null when hidden from this recipient's role (fewer than the agency's threshold). */
  responses: number | null;
  previousResponses: number | null;
  indices: DigestIndex[];
  attention: DigestAttention[];
  /** The week's top comment themes per open-text question (analysts and admins only). */
  themes: Array<{ question: string; themes: TopTheme[] }>;
  /** Why no themes are given, when the survey has open-text questions but none are. */
  themesNote: string | null;
  dashboardUrl: string;
}

export interface DigestData {
  agencyName: string;
  week: { from: string; to: string };
  previousWeek: { from: string; to: string };
  surveys: DigestSurvey[];
}

/** `YYYY-MM-DD` plus `days` (calendar arithmetic, no timezone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Where a survey's results live in the staff pages. */
export const dashboardPath = (surveyId: string): string => `/app/#/surveys/${surveyId}/dashboard`;

const number = (value: unknown): number | null => (typeof value === "number" ? value : null);
const MAX_THEMES = 3;

/**
 * The week's top comment themes of each open-text question, from the comments service as the
 * recipient: outside the analyst role a week is not a view the disclosure step offers, so
 * none come, and the digest says so.
 */
async function weekThemes(
  staff: StaffContext,
  survey: {
    _id: unknown;
    questions: Array<{ id: string; type: string; prompt: LocalizedText }>;
    languages: string[];
  },
  week: { from: string; to: string },
): Promise<Pick<DigestSurvey, "themes" | "themesNote">> {
  const questions = survey.questions.filter((q) => q.type === "text");
  if (questions.length === 0) return { themes: [], themesNote: null };
  if (!seesExactCounts(staff.role))
    return { themes: [], themesNote: "Comment themes for a week are shown to analysts and admins only." };
  const themes: DigestSurvey["themes"] = [];
  for (const q of questions) {
    const body = (await listComments(staff, String(survey._id), {
      question: q.id,
      ...week,
      page: 1,
      pageSize: 1,
    })) as { themes?: Record<string, { themes: ThemeFigure[] }> };
    const top = topThemes(body.themes?.[q.id]?.themes ?? [], MAX_THEMES);
    if (top.length > 0)
      themes.push({ question: localize(q.prompt, survey.languages[0] ?? "en", q.id), themes: top });
  }
  return {
    themes,
    themesNote: themes.length === 0 ? "No comment this week was about one of the themes." : null,
  };
}

/**
 * The digest's figures for one recipient, for the week that ends on `weekEnd` (local date,
 * inclusive) against the week before: response counts, index scores and changes with their
 * significance test (the same comparison the dashboard shows, suppressed by the recipient's
 * role), and the resources for the indices the shared flag rule (shared/flags.ts) marks.
 */
export async function buildDigest(
  recipient: DigestRecipient,
  weekEnd: string,
  publicUrl: string,
): Promise<DigestData> {
  const agency = await findAgencyById(recipient.agencyId);
  const week = { from: addDays(weekEnd, -6), to: weekEnd };
  const previousWeek = { from: addDays(weekEnd, -13), to: addDays(weekEnd, -7) };
  const staff: StaffContext = {
    userId: recipient.userId,
    agencyId: recipient.agencyId,
    role: recipient.role,
    email: recipient.email,
    sessionId: "",
    csrfToken: "",
  };
  const surveys: DigestSurvey[] = [];
  for (const survey of await listSurveys(recipient.agencyId)) {
    if (survey.status === "draft") continue;
    const id = String(survey._id);
    const comparison = (await compareWaves(staff, id, {
      a_from: previousWeek.from,
      a_to: previousWeek.to,
      b_from: week.from,
      b_to: week.to,
    })) as ComparisonFigures;
    const responses = number(comparison.waves.b.n);
    const previousResponses = number(comparison.waves.a.n);
    if (survey.status === "closed" && !responses && !previousResponses) continue;
    const indices: DigestIndex[] = [];
    for (const key of INDEX_KEYS) {
      const change = comparison.indices?.[key];
      if (!change || isSuppressed(change)) continue;
      const c = change as Record<string, unknown>;
      indices.push({
        key,
        score: number(c["b"]),
        previous: number(c["a"]),
        change: number(c["change"]),
        significant: c["significant"] === true,
        p: number(c["p"]),
        testName: typeof c["testName"] === "string" ? c["testName"] : null,
      });
    }
    // The same rule as the dashboard's cards, on this week's figures: nothing below the minimum n.
    const readings = comparisonFigures(comparison);
    const recommendations =
      Object.keys(readings).length > 0 ? await recommendedResources(recipient.agencyId, readings) : [];
    surveys.push({
      id,
      title: survey.title as LocalizedText,
      languages: survey.languages,
      responses,
      previousResponses,
      indices,
      attention: recommendations.map((r) => ({
        indicator: r.indicator,
        reason: r.reason,
        score: r.score,
        resources: r.resources.map((x) => ({ title: x.title, category: x.category, url: x.url ?? null })),
      })),
      ...(await weekThemes(staff, survey, week)),
      dashboardUrl: `${publicUrl}${dashboardPath(id)}`,
    });
  }
  return { agencyName: agency.name, week, previousWeek, surveys };
}
