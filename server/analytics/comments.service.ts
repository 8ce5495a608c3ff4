import { redactText } from "@shared/redaction.js";
import { SUPPRESSED, seesExactCounts, suppressionLabel } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { frequentTerms, mentionsTerm, termKey, type FrequentTerms } from "@shared/terms.js";
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
import { assertDistrict, settingsFingerprint, surveyAndAgency } from "./analytics.service.js";

export interface CommentsQuery {
  question?: string;
  /** Only comments that use this term or phrase (as the terms list counts it). */
  term?: string;
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
    termsScanned: {
      responses: terms.scanned,
      limit: TERMS_SCAN_LIMIT,
      truncated: terms.scanned >= TERMS_SCAN_LIMIT,
    },
    suppression,
  });
  const filtered = Boolean(query.district || query.from || query.to);
  if (query.term) {
    if (!exact && filtered) {
      throw new AppError(400, "validation_failed", "The request has invalid fields.", [
        {
          path: "query.term",
          message:
            "outside the analyst role a term filters the whole survey's comments only, without district or dates",
        },
      ]);
    }
    const terms = await termsByQuestion(scan, ids, { minCount: exact ? 2 : k, byDistrict: false });
    const matching = await commentsMentioning(scan, ids, query.term, exact);
    // Outside the analyst role the list's length is shown only where the terms list shows it.
    if (!exact && releasedTermCount(terms.byQuestion[ids[0]!], query.term) !== matching.length)
      return withheld(TERM_REFUSAL);
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
      ? await termsByQuestion(scan, ids, { minCount: exact ? 2 : k, byDistrict: exact && !query.district })
      : { byQuestion: {}, scanned: 0 };
  return listing(total, comments, terms);
}

/**
 * A response's comments on the listed questions, redacted. Outside the analyst role a comment
 * carries no district, day or id (an id tells the time): each would cut the list into groups
 * no release protects.
 */
function commentsOf(response: StoredResponse, ids: string[], exact: boolean): Comment[] {
  const comments: Comment[] = [];
  for (const id of ids) {
    const text = response.answers[id];
    if (typeof text !== "string") continue;
    comments.push({
      responseId: exact ? String(response._id) : null,
      question: id,
      text: redactText(text),
      district: exact ? response.district : null,
      language: response.language,
      date: exact ? response.periods.day : null,
    });
  }
  return comments;
}

const TERM_REFUSAL =
  "Outside the analyst role comments are filtered only by a term the terms list shows (used by at least the reporting threshold of comments).";

/** Comments that use the term, newest first, over the same newest responses the terms count. */
async function commentsMentioning(
  scan: ResponseScan,
  ids: string[],
  term: string,
  exact: boolean,
): Promise<Comment[]> {
  const found: Comment[] = [];
  for await (const response of scanResponses(scan, { newestFirst: true, limit: TERMS_SCAN_LIMIT }))
    found.push(...commentsOf(response, ids, exact).filter((c) => mentionsTerm(c.text, term)));
  return found;
}

/** How many comments the terms list shows for this term or phrase; null when it is not listed. */
function releasedTermCount(terms: FrequentTerms | undefined, term: string): number | null {
  const key = termKey(term);
  const listed = [...(terms?.terms ?? []), ...(terms?.phrases ?? [])].find((t) => termKey(t.term) === key);
  return listed?.count ?? null;
}

type QuestionTerms = FrequentTerms & { byDistrict?: Record<string, FrequentTerms> };

async function termsByQuestion(
  scan: ResponseScan,
  ids: string[],
  options: { minCount: number; byDistrict: boolean },
): Promise<{ byQuestion: Record<string, QuestionTerms>; scanned: number }> {
  const texts = new Map<string, { all: string[]; districts: Map<string, string[]> }>(
    ids.map((id) => [id, { all: [], districts: new Map() }]),
  );
  let scanned = 0;
  for await (const response of scanResponses(scan, { newestFirst: true, limit: TERMS_SCAN_LIMIT })) {
    scanned += 1;
    for (const id of ids) {
      const text = response.answers[id];
      if (typeof text !== "string") continue;
      const clean = redactText(text);
      const bucket = texts.get(id)!;
      bucket.all.push(clean);
      if (response.district) {
        const list = bucket.districts.get(response.district) ?? [];
        list.push(clean);
        bucket.districts.set(response.district, list);
      }
    }
  }
  const settings = { minCount: options.minCount, limit: 20 };
  const byQuestion: Record<string, QuestionTerms> = {};
  for (const [id, bucket] of texts) {
    const entry: QuestionTerms = frequentTerms(bucket.all, settings);
    if (options.byDistrict) {
      entry.byDistrict = Object.fromEntries(
        [...bucket.districts]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([district, list]) => [district, frequentTerms(list, { ...settings, limit: 10 })]),
      );
    }
    byQuestion[id] = entry;
  }
  return { byQuestion, scanned };
}
