import { fill, languageName, textDirection, type UiStrings } from "@shared/i18n/index.js";
import { firstFieldId } from "@shared/respondent-form.js";
import { localize } from "@shared/survey.js";
import { FAVICON_URL } from "@server/platform/delivery.js";
import { respondentAssets, SERVICE_WORKER_FILE } from "./assets.js";
import { jsonForScript, markup, type SafeHtml } from "./html.js";
import type { RespondentSurvey } from "./respondent.service.js";
import { commendFields, pageFields, renderQuestion, type FormView } from "./survey-form.js";

interface Shell {
  language: string;
  title: string;
  body: SafeHtml;
  /** The agency's name in the header, when the page belongs to one. */
  agencyName?: string;
  /** Language links; none when the page has one language. */
  nav?: SafeHtml;
  /** Only the survey page runs the script; every other page is plain HTML. */
  script?: boolean;
}

/** The frame of every respondent page: language and direction, the page's CSS, a header. */
export function renderShell(shell: Shell): string {
  const assets = respondentAssets();
  const style = assets.style ? markup`<link rel="stylesheet" href="${assets.style}">` : "";
  const script =
    shell.script && assets.script ? markup`<script type="module" src="${assets.script}"></script>` : "";
  const agency = shell.agencyName ? markup`<p class="agency">${shell.agencyName}</p>` : "";
  const header = agency || shell.nav ? markup`<header class="top">${agency}${shell.nav ?? ""}</header>` : "";
  const page = markup`<html lang="${shell.language}" dir="${textDirection(shell.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shell.title}</title>
<link rel="icon" href="${FAVICON_URL}" type="image/svg+xml">
${style}
${script}
</head>
<body>
${header}
<main id="main" tabindex="-1">
${shell.body}
</main>
</body>
</html>
`;
  return `<!doctype html>\n${page.value}`;
}

/** Links to the same page in each of the survey's languages, named in their own language. */
export function languageNav(
  languages: readonly string[],
  current: string,
  strings: UiStrings,
  hrefFor: (language: string) => string,
): SafeHtml | undefined {
  if (languages.length < 2) return undefined;
  const links = languages.map((language) => {
    const marker = language === current ? markup` aria-current="true"` : markup` data-lang="${language}"`;
    return markup`<li><a href="${hrefFor(language)}" lang="${language}" hreflang="${language}"${marker}>${languageName(language)}</a></li>`;
  });
  return markup`<nav class="langs" aria-label="${strings.languageNav}"><ul>${links}</ul></nav>`;
}

/** A message page (closed, not found, thank you…): a heading, a few sentences, maybe a link. */
export function renderMessagePage(options: {
  language: string;
  strings: UiStrings;
  title: string;
  paragraphs: string[];
  link?: { href: string; text: string };
  agencyName?: string;
  /** What exactly was wrong, for whoever helps the person (technical, in English). */
  details?: string[];
}): string {
  const link = options.link
    ? markup`<p><a class="button" href="${options.link.href}">${options.link.text}</a></p>`
    : "";
  const paragraphs = options.paragraphs.map((p) => markup`<p>${p}</p>\n`);
  const details = options.details?.length
    ? markup`<ul class="details" lang="en">${options.details.map((d) => markup`<li>${d}</li>`)}</ul>\n`
    : "";
  return renderShell({
    language: options.language,
    title: options.title,
    agencyName: options.agencyName,
    body: markup`<h1>${options.title}</h1>\n${paragraphs}${details}${link}`,
  });
}

export interface SummaryEntry {
  questionId: string;
  itemId?: string;
  message: string;
}

function errorSummary(view: FormView, entries: readonly SummaryEntry[]): SafeHtml | string {
  if (entries.length === 0) return "";
  const items = entries.map((entry) => {
    const question = view.survey.questions.find((q) => q.id === entry.questionId)!;
    const prompt = localize(question.prompt, view.language, "en");
    return markup`<li><a href="#${firstFieldId(question, entry.itemId)}">${prompt} — ${entry.message}</a></li>`;
  });
  // autofocus moves focus (and a screen reader) to the summary even when no script runs.
  return markup`<div class="error-summary" id="error-summary" tabindex="-1" autofocus role="alert" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${view.strings.errorSummary}</h2><ul>${items}</ul></div>\n`;
}

/** What the enhancement script needs, in the page's language: rules, not markup. */
function scriptData(view: FormView, urls: { api: string; thanks: string; serviceWorker: string }) {
  const s = view.strings;
  return {
    slug: view.survey.slug,
    language: view.language,
    languages: view.survey.languages,
    token: view.token,
    urls,
    questions: view.survey.questions.map((q) => ({
      id: q.id,
      type: q.type,
      prompt: { [view.language]: localize(q.prompt, view.language, "en") },
      ...(q.required ? { required: true } : {}),
      ...(q.showIf ? { showIf: q.showIf } : {}),
      ...(q.items
        ? {
            items: q.items.map((i) => ({
              id: i.id,
              prompt: { [view.language]: localize(i.prompt, view.language, "en") },
            })),
          }
        : {}),
      ...(q.options ? { options: q.options.map((o) => ({ value: o.value, label: {} })) } : {}),
      ...(q.scale ? { scale: q.scale } : {}),
      ...(q.min !== undefined ? { min: q.min } : {}),
      ...(q.max !== undefined ? { max: q.max } : {}),
    })),
    strings: {
      next: s.next,
      back: s.back,
      progress: s.progress,
      sending: s.sending,
      offlineQueued: s.offlineQueued,
      sendFailed: s.sendFailed,
      restored: s.restored,
      autosaved: s.autosaved,
      errorSummary: s.errorSummary,
      errorTitlePrefix: s.errorTitlePrefix,
      errorRequired: s.errorRequired,
      errorRequiredItem: s.errorRequiredItem,
      errorChoice: s.errorChoice,
      errorNumber: s.errorNumber,
      errorNumberMin: s.errorNumberMin,
      errorNumberMax: s.errorNumberMax,
      errorDate: s.errorDate,
      errorTextLong: s.errorTextLong,
      errorHidden: s.errorHidden,
      alreadyTitle: s.alreadyTitle,
      linkTitle: s.linkTitle,
      closedTitle: s.closedTitle,
    },
  };
}

/** The survey page: a complete form that posts without any script; the script only enhances it. */
export function renderSurveyPage(
  view: FormView,
  summary: readonly SummaryEntry[],
  hrefFor: (language: string) => string,
): string {
  const { survey, language, strings } = view;
  const title = localize(survey.title, language, "en");
  const description = localize(survey.description, language, "en");
  const notice = view.notice ? markup`<p class="notice" role="status">${view.notice}</p>\n` : "";
  const data = scriptData(view, {
    api: `/api/v1/public/surveys/${survey.slug}/responses`,
    thanks: `/s/${survey.slug}/thanks?lang=${encodeURIComponent(language)}`,
    serviceWorker: `/s/${SERVICE_WORKER_FILE}`,
  });
  const lead = description ? markup`<p class="lead">${description}</p>\n` : "";
  const questions = survey.questions.map((q) => markup`${renderQuestion(q, view)}\n`);
  const body = markup`<h1>${title}</h1>
${lead}${notice}${errorSummary(view, summary)}<form method="post" action="/s/${survey.slug}" id="survey" novalidate accept-charset="utf-8">
${pageFields(view)}
${questions}<div class="actions">${commendFields(view)}<button type="submit" class="primary" id="send">${strings.submit}</button></div>
<p class="status" id="status" role="status"></p>
</form>
<script type="application/json" id="survey-data">${jsonForScript(data)}</script>`;
  return renderShell({
    language,
    title: summary.length > 0 ? `${strings.errorTitlePrefix} ${title}` : title,
    agencyName: survey.agency.name,
    nav: languageNav(survey.languages, language, strings, hrefFor),
    body,
    script: true,
  });
}

/** The thank-you page, pointing to what the agency publishes about the results. */
export function renderThanksPage(survey: RespondentSurvey, language: string, strings: UiStrings): string {
  return renderMessagePage({
    language,
    strings,
    agencyName: survey.agency.name,
    title: strings.thanksTitle,
    paragraphs: [fill(strings.thanksBody, { agency: survey.agency.name })],
    link: { href: `/p/${encodeURIComponent(survey.agency.slug)}`, text: strings.thanksResults },
  });
}
