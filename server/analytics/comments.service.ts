import { redactText } from "@shared/redaction.js";
import { SUPPRESSED, seesExactCounts, suppressionLabel } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { frequentTerms, mentionsTerm, termKey, type FrequentTerms } from "@shared/terms.js";
import type { ThemeId } from "@shared/themes.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { AppError } from "@server/platform/errors.js";
import {
  countResponses,
  scanResponses,
  type ResponseScan,
  type StoredResponse,
} from "@server/responses/responses.service.js";
import type { Survey } from "@server/surveys/surveys.service.js";
import { countKey } from "@server/disclosure/figures.js";
import { protectedView } from "@server/disclosure/disclosure.service.js";
import {
  emptyTally,
  presentThemes,
  tallyComment,
  type ThemeFigure,
  type ThemeTally,
} from "@server/disclosure/comment-themes.js";
import { assertDistrict, settingsFingerprint, surveyAndAgency } from "./analytics.service.js";
import { classifyComment, openTexts } from "./comment-themes.js";
import type { SentimentLabel } from "./sentiment.js";

export interface CommentsQuery {
  question?: string;
  /** Only comments that use this term or phrase (as the terms list counts it). */
  term?: string;
  /** Only comments about this theme (as the themes figures count them). */
  theme?: ThemeId;
  district?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** Terms are counted over at most this many of the newest matching responses. */
export const TERMS_SCAN_LIMIT = 20_000;

/** Every question the survey has ever had (earlier versions included), current ones first. */
export function allQuestions(survey: Survey): Question[] {
  const seen = new Map(survey.questions.map((q) => [q.id, q]));
  for (const old of [...(survey.history ?? [])].reverse())
    for (const q of old.questions as unknown as Question[]) if (!seen.has(q.id)) seen.set(q.id, q);
  return [...seen.values()];
}

interface Comment {
  responseId: string | null;
  question: string;
  text: string;
  district: string | null;
  language: string;
  date: string | null;
  themes: ThemeId[];
  sentiment: SentimentLabel;
}

/**
 * Open-text answers, newest first and redacted (emails, phone numbers, street addresses)
 * before they leave the server, with frequent terms and phrases per question and district.
 * Outside the analyst role the list passes the disclosure step: one question at a time, only
 * for a view the release offers (the whole survey, one district, whole months) and only where
 * that question's count is shown; comments carry no district, day or id; terms need k
 * comments and are given for the whole survey only.
 */
export async function listComments(staff: StaffContext, surveyId: string, query: CommentsQuery) {
  const { survey, agency } = await surveyAndAgency(staff.agencyId, surveyId);
  assertDistrict(agency, query.district);
  const textIds = allQuestions(survey)
    .filter((q) => q.type === "text")
    .map((q) => q.id);
  if (query.question && !textIds.includes(query.question)) {
    throw new AppError(400, "validation_failed", "The request has invalid fields.", [
      { path: "query.question", message: `"${query.question}" is not an open-text question of this survey` },
    ]);
  }
  const k = agency.suppressionThreshold;
  const exact = seesExactCounts(staff.role);
  // Outside the analyst role only questions of the current version, whose counts the release protects.
  const current = new Set(survey.questions.map((q) => q.id));
  const ids = (query.question ? [query.question] : textIds).filter((id) => exact || current.has(id));
  // A list's length is a count: one question's is protected by the release, several questions'
  // together (responses that answered any of them) is not.
  if (!exact && ids.length > 1) {
    throw new AppError(400, "validation_failed", "The request has invalid fields.", [
      {
        path: "query.question",
        message: "outside the analyst role comments are listed one open-text question at a time: name it",
      },
    ]);
  }
  const filters = {
    question: query.question ?? null,
    term: query.term ?? null,
    theme: query.theme ?? null,
    district: query.district ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
  };
  const range = { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) };
  const suppression = { applied: !exact, threshold: k, label: suppressionLabel(k) };
  const withheld = (reason?: string) => ({
    surveyId,
    filters,
    suppressed: true,
    total: SUPPRESSED,
    comments: [],
    terms: {},
    themes: {},
    suppression: { ...suppression, ...(reason ? { reason } : {}) },
  });
  /** The protected count of the view's answers to the listed question, or null when hidden. */
  const protectedCount = async (): Promise<{ refused: string } | number | null> => {
    const view = await protectedView(survey, agency, settingsFingerprint(survey, agency), {
      district: query.district,
      ...range,
    });
    if ("refused" in view) return view;
    if (view.hidden.has("N") || ids.some((id) => view.hidden.has(countKey(id)))) return null;
    return ids.length === 1 ? ((view.counts.a[ids[0]!] as number | undefined) ?? 0) : 0;
  };
  let released: { refused: string } | number | null = null;
  if (!exact) {
    // A list's length is the count of its answers: it is shown only where that count is.
    released = await protectedCount();
    if (released === null || typeof released === "object")
      return withheld(typeof released === "object" && released ? released.refused : undefined);
  }
  const scan: ResponseScan = {
    surveyId,
    ...(query.district ? { district: query.district } : {}),
    ...range,
    answered: ids,
  };
  if (ids.length === 0) {
    return {
      surveyId,
      filters,
      suppressed: false,
      page: query.page,
      pageSize: query.pageSize,
      total: 0,
      pages: 0,
      comments: [],
      terms: {},
      themes: {},
      suppression,
    };
  }
  const listing = (
    total: number,
    comments: Comment[],
    terms: Awaited<ReturnType<typeof termsByQuestion>>,
  ) => ({
    surveyId,
    filters,
    suppressed: false,
    page: query.page,
    pageSize: query.pageSize,
    total,
    pages: Math.ceil(total / query.pageSize),
    comments,
    terms: terms.byQuestion,
    themes: terms.themes,
    termsScanned: {
      responses: terms.scanned,
      limit: TERMS_SCAN_LIMIT,
      truncated: terms.scanned >= TERMS_SCAN_LIMIT,
    },
    suppression,
  });
  const filtered = Boolean(query.district || query.from || query.to);
  if (query.term || query.theme) {
    if (!exact && filtered) {
      throw new AppError(400, "validation_failed", "The request has invalid fields.", [
        {
          path: query.term ? "query.term" : "query.theme",
          message:
            "outside the analyst role a term or theme filters the whole survey's comments only, without district or dates",
        },
      ]);
    }
    if (!exact && query.term && query.theme) {
      throw new AppError(400, "validation_failed", "The request has invalid fields.", [
        {
          path: "query.theme",
          message: "outside the analyst role comments are filtered by a term or by a theme, not both",
        },
      ]);
    }
    const terms = await termsByQuestion(scan, ids, { k: exact ? null : k, byDistrict: false });
    const matching = await commentsMatching(scan, ids, query, exact);
    // Outside the analyst role the list's length is shown only where the terms or themes list shows it.
    if (!exact) {
      const released = query.term
        ? releasedTermCount(terms.byQuestion[ids[0]!], query.term)
        : (terms.themes[ids[0]!]?.themes.find((t) => t.theme === query.theme)?.count ?? null);
      if (released !== matching.length) return withheld(query.term ? TERM_REFUSAL : THEME_REFUSAL);
    }
    const start = (query.page - 1) * query.pageSize;
    return listing(matching.length, matching.slice(start, start + query.pageSize), terms);
  }
  let total = await countResponses(scan);
  if (!exact && total !== released) {
    // Stored since the release was read: the list may show only a count the release protects.
    released = await protectedCount();
    if (typeof released !== "number" || released !== (total = await countResponses(scan))) return withheld();
  }
  const comments: Comment[] = [];
  const page = { newestFirst: true, skip: (query.page - 1) * query.pageSize, limit: query.pageSize };
  for await (const response of scanResponses(scan, page)) comments.push(...commentsOf(response, ids, exact));
  // Terms of a filtered list could be subtracted from the whole list's: outside the analyst
  // role they are given for the whole survey only, and never by district.
  const terms =
    exact || !filtered
      ? await termsByQuestion(scan, ids, { k: exact ? null : k, byDistrict: exact && !query.district })
      : { byQuestion: {}, themes: {}, scanned: 0 };
  return listing(total, comments, terms);
}

/**
 * A response's comments on the listed questions, redacted. Outside the analyst role a comment
 * carries no district, day or id (an id tells the time): each would cut the list into groups
 * no release protects.
 */
function commentsOf(response: StoredResponse, ids: string[], exact: boolean): Comment[] {
  const comments: Comment[] = [];
  for (const [id, text] of openTexts(response, ids)) {
    comments.push({
      responseId: exact ? String(response._id) : null,
      question: id,
      text: redactText(text),
      district: exact ? response.district : null,
      language: response.language,
      date: exact ? response.periods.day : null,
      ...classifyComment(text, response.language),
    });
  }
  return comments;
}

const TERM_REFUSAL =
  "Outside the analyst role comments are filtered only by a term the terms list shows (used by at least the reporting threshold of comments).";

const THEME_REFUSAL =
  "Outside the analyst role comments are filtered only by a theme whose count the themes list shows.";

/** Comments that use the term and are about the theme (either may be absent), newest first, over the newest responses the terms count. */
async function commentsMatching(
  scan: ResponseScan,
  ids: string[],
  filter: Pick<CommentsQuery, "term" | "theme">,
  exact: boolean,
): Promise<Comment[]> {
  const wanted = (c: Comment): boolean =>
    (!filter.term || mentionsTerm(c.text, filter.term)) && (!filter.theme || c.themes.includes(filter.theme));
  const found: Comment[] = [];
  for await (const response of scanResponses(scan, { newestFirst: true, limit: TERMS_SCAN_LIMIT }))
    found.push(...commentsOf(response, ids, exact).filter(wanted));
  return found;
}

/** How many comments the terms list shows for this term or phrase; null when it is not listed. */
function releasedTermCount(terms: FrequentTerms | undefined, term: string): number | null {
  const key = termKey(term);
  const listed = [...(terms?.terms ?? []), ...(terms?.phrases ?? [])].find((t) => termKey(t.term) === key);
  return listed?.count ?? null;
}

type QuestionTerms = FrequentTerms & { byDistrict?: Record<string, FrequentTerms> };
type QuestionThemes = { comments: number; themes: ThemeFigure[]; byDistrict?: Record<string, ThemeFigure[]> };

/**
 * Frequent terms and themes per question over the newest responses. `k` null: exact (analyst
 * and up); otherwise terms need k comments and themes pass the disclosure step.
 */
async function termsByQuestion(
  scan: ResponseScan,
  ids: string[],
  options: { k: number | null; byDistrict: boolean },
): Promise<{
  byQuestion: Record<string, QuestionTerms>;
  themes: Record<string, QuestionThemes>;
  scanned: number;
}> {
  const texts = new Map<
    string,
    {
      all: string[];
      districts: Map<string, string[]>;
      tally: ThemeTally;
      districtTallies: Map<string, ThemeTally>;
    }
  >(
    ids.map((id) => [id, { all: [], districts: new Map(), tally: emptyTally(), districtTallies: new Map() }]),
  );
  let scanned = 0;
  for await (const response of scanResponses(scan, { newestFirst: true, limit: TERMS_SCAN_LIMIT })) {
    scanned += 1;
    for (const [id, text] of openTexts(response, ids)) {
      const clean = redactText(text);
      const bucket = texts.get(id)!;
      const { themes, sentiment } = classifyComment(text, response.language);
      bucket.all.push(clean);
      tallyComment(bucket.tally, themes, sentiment);
      if (response.district) {
        const list = bucket.districts.get(response.district) ?? [];
        list.push(clean);
        bucket.districts.set(response.district, list);
        const tally = bucket.districtTallies.get(response.district) ?? emptyTally();
        tallyComment(tally, themes, sentiment);
        bucket.districtTallies.set(response.district, tally);
      }
    }
  }
  const settings = { minCount: options.k ?? 2, limit: 20 };
  const byQuestion: Record<string, QuestionTerms> = {};
  const themes: Record<string, QuestionThemes> = {};
  const byCode = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => a.localeCompare(b));
  for (const [id, bucket] of texts) {
    const entry: QuestionTerms = frequentTerms(bucket.all, settings);
    const themed: QuestionThemes = {
      comments: bucket.tally.comments,
      themes: presentThemes(bucket.tally, options.k),
    };
    if (options.byDistrict) {
      entry.byDistrict = Object.fromEntries(
        byCode(bucket.districts).map(([district, list]) => [
          district,
          frequentTerms(list, { ...settings, limit: 10 }),
        ]),
      );
      themed.byDistrict = Object.fromEntries(
        byCode(bucket.districtTallies).map(([district, tally]) => [
          district,
          presentThemes(tally, options.k),
        ]),
      );
    }
    byQuestion[id] = entry;
    themes[id] = themed;
  }
  return { byQuestion, themes, scanned };
}
