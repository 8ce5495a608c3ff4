import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Request, Response } from "express";
import {
  negotiateLanguage,
  parseAcceptLanguage,
  UI_LANGUAGES,
  uiStrings,
  type UiStrings,
} from "@shared/i18n/index.js";
import { checkAnswers } from "@shared/answers.js";
import { formToAnswers, withoutHiddenAnswers, type FieldReader } from "@shared/respondent-form.js";
import { AppError } from "@server/platform/errors.js";
import type { Logger } from "@server/platform/logger.js";
import { submitResponse } from "@server/responses/responses.service.js";
import { fieldErrors, readFormPost } from "./form-post.js";
import { judgeFormPost, signStarted } from "./form-guard.js";
import { renderMessagePage, renderSurveyPage, renderThanksPage, type SummaryEntry } from "./pages.js";
import { findRespondentSurvey, openInvitation, type RespondentSurvey } from "./respondent.service.js";
import type { FormView } from "./survey-form.js";

const SLUG = /^[a-z0-9-]{1,80}$/;
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
const UI_LANGUAGE_LIST = Object.keys(UI_LANGUAGES);

/** `?lang=` when it is one of `available`, else the browser's Accept-Language, else the first. */
export function chooseLanguage(req: Request, available: readonly string[]): string {
  const asked = req.query["lang"];
  if (typeof asked === "string" && asked.length <= 10 && available.includes(asked)) return asked;
  return negotiateLanguage(parseAcceptLanguage(req.get("accept-language")), available);
}

/**
 * Sends a respondent page: never cached by anyone (a survey page carries a one-time id), and
 * gzipped when the browser takes it, since a slow phone line is the case this page is for.
 */
export function sendPage(req: Request, res: Response, status: number, page: string): void {
  res
    .status(status)
    .set("Cache-Control", "no-store")
    .set("Vary", "Accept-Language, Accept-Encoding")
    .type("html");
  if (req.acceptsEncodings("gzip") === "gzip") {
    res.set("Content-Encoding", "gzip").send(gzipSync(page, { level: 6 }));
  } else res.send(page);
}

/**
 * A message page in the person's language (not found, closed, used link…). `backTo` (a survey
 * slug) adds a link to that survey, for pages after which trying again makes sense.
 */
export function sendMessage(
  req: Request,
  res: Response,
  status: number,
  pick: (s: UiStrings) => { title: string; paragraphs: string[]; details?: string[] },
  survey?: RespondentSurvey,
  backTo?: string,
): void {
  const language = chooseLanguage(req, survey?.languages ?? UI_LANGUAGE_LIST);
  const strings = uiStrings(language);
  const { title, paragraphs, details } = pick(strings);
  const link = backTo && SLUG.test(backTo) ? { href: `/s/${backTo}`, text: strings.backToSurvey } : undefined;
  const page = renderMessagePage({
    language,
    strings,
    title,
    paragraphs,
    details,
    agencyName: survey?.agency.name,
    link,
  });
  sendPage(req, res, status, page);
}

export const notFoundPage = (s: UiStrings) => ({ title: s.notFoundTitle, paragraphs: [s.notFoundBody] });
const closedPage = (s: UiStrings) => ({ title: s.closedTitle, paragraphs: [s.closedBody] });
const alreadyPage = (s: UiStrings) => ({ title: s.alreadyTitle, paragraphs: [s.alreadyBody] });
const linkPage = (s: UiStrings) => ({ title: s.linkTitle, paragraphs: [s.linkBody] });

/** The survey named by the URL, or null after answering with the right page (404 / 410). */
async function openSurvey(req: Request, res: Response): Promise<RespondentSurvey | null> {
  const slug = req.params["slug"];
  const survey = typeof slug === "string" && SLUG.test(slug) ? await findRespondentSurvey(slug) : null;
  if (!survey) {
    sendMessage(req, res, 404, notFoundPage);
    return null;
  }
  if (survey.status === "closed") {
    sendMessage(req, res, 410, closedPage, survey);
    return null;
  }
  return survey;
}

function hrefFor(survey: RespondentSurvey, token: string | null) {
  return (language: string): string =>
    `/s/${survey.slug}?lang=${encodeURIComponent(language)}${token ? `&t=${encodeURIComponent(token)}` : ""}`;
}

function renderForm(
  req: Request,
  res: Response,
  status: number,
  view: FormView,
  summary: readonly SummaryEntry[] = [],
): void {
  sendPage(req, res, status, renderSurveyPage(view, summary, hrefFor(view.survey, view.token)));
}

/** GET /s/:slug — the survey as a plain form, in the person's language, with a fresh submissionId. */
export async function showSurvey(req: Request, res: Response): Promise<void> {
  const survey = await openSurvey(req, res);
  if (!survey) return;
  const rawToken = req.query["t"];
  const token = typeof rawToken === "string" && rawToken !== "" ? rawToken : null;
  let commendable = false;
  if (token !== null) {
    const opened = TOKEN.test(token) ? await openInvitation(survey.id, token) : null;
    const state = opened?.state ?? "unknown";
    commendable = opened?.commendable ?? false;
    if (state === "used") return sendMessage(req, res, 409, alreadyPage, survey);
    if (state === "expired") return sendMessage(req, res, 410, linkPage, survey);
    if (state === "unknown") return sendMessage(req, res, 403, linkPage, survey);
  }
  const language = chooseLanguage(req, survey.languages);
  renderForm(req, res, 200, {
    survey,
    language,
    strings: uiStrings(language),
    submissionId: randomUUID(),
    started: signStarted(survey.slug),
    token,
    commendable,
    values: null,
    errors: new Map(),
    notice: null,
  });
}

/** GET /s/:slug/thanks — after a stored response (the no-script post and the script both land here). */
export async function showThanks(req: Request, res: Response): Promise<void> {
  const slug = req.params["slug"];
  const survey = typeof slug === "string" && SLUG.test(slug) ? await findRespondentSurvey(slug) : null;
  if (!survey) return sendMessage(req, res, 404, notFoundPage);
  const language = chooseLanguage(req, survey.languages);
  sendPage(req, res, 200, renderThanksPage(survey, language, uiStrings(language)));
}

/**
 * POST /s/:slug — the no-script form. Applies the bot checks, then the very same rules as the
 * API (`submitResponse`); problems come back as the same form with an error summary and a
 * message beside each field. A stored (or already stored) response redirects to thank-you.
 */
export function receiveForm(logger: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    const survey = await openSurvey(req, res);
    if (!survey) return;
    const post = readFormPost(req.body, survey.questions);
    const language =
      post.language && survey.languages.includes(post.language) ? post.language : survey.languages[0]!;
    const strings = uiStrings(language);
    const view = (
      values: FieldReader,
      started: string,
      errors = new Map<string, string[]>(),
      notice: string | null = null,
    ): FormView => ({
      survey,
      language,
      strings,
      submissionId: post.submissionId,
      started,
      token: post.token,
      commendable: post.commendOffered,
      values,
      errors,
      notice,
    });
    const thanks = `/s/${survey.slug}/thanks?lang=${encodeURIComponent(language)}`;

    const verdict = judgeFormPost(survey.slug, { honeypot: post.honeypot, started: post.started });
    if (verdict === "bot") {
      // Looks like success to the sender; nothing is stored.
      logger.info({ survey: survey.slug }, "form post dropped: honeypot filled");
      res.redirect(303, thanks);
      return;
    }
    const answers = withoutHiddenAnswers(survey.questions, formToAnswers(survey.questions, post.read));
    if (verdict !== "ok") {
      // Too fast keeps the original start, so pressing Send again a moment later goes through.
      // Answer problems, if any, are more use to a person than "send again", so they come first.
      const started = verdict === "too_fast" ? post.started! : signStarted(survey.slug);
      const districts =
        survey.questions.find((q) => q.type === "district")?.options?.map((o) => o.value) ?? [];
      const { problems } = checkAnswers(survey.questions, answers, districts);
      const { byQuestion, summary } = fieldErrors(problems, survey.questions, strings, language);
      return renderForm(
        req,
        res,
        400,
        view(post.read, started, byQuestion, summary.length ? null : strings.checkAgain),
        summary,
      );
    }

    try {
      await submitResponse(survey.slug, {
        submissionId: post.submissionId,
        language,
        answers,
        ...(post.token ? { token: post.token } : {}),
        ...(post.commendation ? { commendation: post.commendation } : {}),
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 400 && error.code === "invalid_response") {
        const { byQuestion, summary } = fieldErrors(error.details ?? [], survey.questions, strings, language);
        return renderForm(req, res, 400, view(post.read, post.started!, byQuestion), summary);
      }
      if (error.status === 409) return sendMessage(req, res, 409, alreadyPage, survey);
      if (error.status === 403) return sendMessage(req, res, 403, linkPage, survey);
      if (error.status === 410) return sendMessage(req, res, 410, closedPage, survey);
      if (error.status === 404) return sendMessage(req, res, 404, notFoundPage);
      throw error;
    }
    res.redirect(303, thanks);
  };
}
