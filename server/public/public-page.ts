import { fill, textDirection, uiStrings } from "@shared/i18n/index.js";
import { INDEX_KEYS } from "@shared/indices.js";
import { isSuppressed } from "@shared/suppression.js";
import { FAVICON_URL } from "@server/platform/delivery.js";
import { markup, type SafeHtml } from "@server/respondent/html.js";
import { languageNav } from "@server/respondent/pages.js";
import {
  countText,
  formatDate,
  formatNumber,
  indexBlock,
  questionBlock,
  type PageContext,
} from "./public-page-parts.js";
import { districtMap, type ProjectedMap } from "./public-map.js";
import { publicStrings } from "./public-strings.js";
import {
  methodologyNote,
  type PublicAction,
  type PublicResults,
  type PublicSurvey,
} from "./public.service.js";

export const PUBLIC_CSS_URL = "/p/assets/public.css";

interface Head {
  language: string;
  title: string;
  description: string;
  canonical: string | null;
  brandCss: string | null;
}

function page(head: Head, header: SafeHtml, body: SafeHtml, skip: string): string {
  const canonical = head.canonical
    ? markup`<link rel="canonical" href="${head.canonical}">\n<meta property="og:url" content="${head.canonical}">\n`
    : "";
  const brand = head.brandCss ? markup`<link rel="stylesheet" href="${head.brandCss}">\n` : "";
  const html = markup`<html lang="${head.language}" dir="${textDirection(head.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title}</title>
<link rel="icon" href="${FAVICON_URL}" type="image/svg+xml">
<meta name="description" content="${head.description}">
<meta property="og:type" content="website">
<meta property="og:title" content="${head.title}">
<meta property="og:description" content="${head.description}">
${canonical}<link rel="stylesheet" href="${PUBLIC_CSS_URL}">
${brand}</head>
<body>
<a class="skip" href="#main">${skip}</a>
${header}
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>
`;
  return `<!doctype html>\n${html.value}`;
}

/** Links from a result to the actions that answer it. */
function deedsFor(actions: PublicAction[], indicator: string, ctx: PageContext): SafeHtml | string {
  const tied = actions.filter((a) => a.indicator === indicator);
  if (tied.length === 0) return "";
  return markup`<ul class="deeds">${tied.map(
    (a) => markup`<li><a href="#a-${a.id}">${fill(ctx.strings.whatWeDid, { title: a.title })}</a></li>`,
  )}</ul>`;
}

function actionItem(action: PublicAction, ctx: PageContext, heading: "h3" | "h4"): SafeHtml {
  const s = ctx.strings;
  const status = s.statuses[action.status as keyof typeof s.statuses] ?? action.status;
  const kind = (INDEX_KEYS as string[]).includes(action.indicator ?? "") ? "i" : "q";
  const target = action.indicator && action.survey ? `#s-${action.survey}-${kind}-${action.indicator}` : null;
  const about =
    action.indicatorLabel && target
      ? markup`<p class="about">${fill(s.about, { result: "" })}<a href="${target}">${action.indicatorLabel}</a></p>`
      : action.indicatorLabel
        ? markup`<p class="about">${fill(s.about, { result: action.indicatorLabel })}</p>`
        : "";
  const paragraphs = action.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => markup`<p>${p}</p>`);
  const title = heading === "h3" ? markup`<h3>${action.title}</h3>` : markup`<h4>${action.title}</h4>`;
  return markup`<li class="action" id="a-${action.id}">${title}<p class="meta"><span class="status status-${action.status}">${status}</span> · <time datetime="${action.date}">${formatDate(action.date, ctx.language)}</time></p>${about}${paragraphs}</li>`;
}

/**
 * Each index's months as a line with its likely range as a shaded band (gaps where a month has
 * no shown score or range), drawn on the server so it needs no script. The table below holds
 * the same figures as text, so the drawing is hidden from assistive technology.
 */
function trendCharts(survey: PublicSurvey): SafeHtml | string {
  const points = survey.trends.points;
  if (points.length < 2) return "";
  const width = 100;
  const x = (i: number) => Math.round((i / (points.length - 1)) * width * 10) / 10;
  const y = (v: number) => Math.round((100 - Math.max(0, Math.min(100, v))) * 0.4 * 10) / 10;
  const charts = survey.indices.map((index) => {
    const scores = points.map((p) => p.indices[index.key]);
    const ranges = points.map((p) => p.intervals[index.key]);
    // Runs of consecutive months that have a shown range form one band each.
    const bands: string[] = [];
    let run: number[] = [];
    const close = () => {
      if (run.length > 1) {
        const upper = run.map((i) => `${x(i)},${y((ranges[i] as [number, number])[1])}`);
        const lower = [...run].reverse().map((i) => `${x(i)},${y((ranges[i] as [number, number])[0])}`);
        bands.push([...upper, ...lower].join(" "));
      }
      run = [];
    };
    ranges.forEach((r, i) => (Array.isArray(r) ? run.push(i) : close()));
    close();
    const line = scores
      .map((v, i) => (typeof v === "number" ? `${x(i)},${y(v)}` : null))
      .filter((p): p is string => p !== null);
    if (line.length === 0) return "";
    const dots = scores.map((v, i) =>
      typeof v === "number" ? markup`<circle cx="${x(i)}" cy="${y(v)}" r="1.2"/>` : "",
    );
    return markup`<li><span class="trend-name">${index.label}</span><svg class="trend" viewBox="-2 -2 104 44" preserveAspectRatio="none" aria-hidden="true" focusable="false">${bands.map((b) => markup`<polygon class="band" points="${b}"/>`)}<polyline class="line" points="${line.join(" ")}" vector-effect="non-scaling-stroke"/>${dots}</svg></li>`;
  });
  return markup`<ul class="trend-charts" aria-hidden="true">${charts}</ul>`;
}

function trendsTable(survey: PublicSurvey, ctx: PageContext): SafeHtml {
  const s = ctx.strings;
  const points = survey.trends.points;
  if (points.length < 2) return markup`<p>${s.noTrends}</p>`;
  const keys = survey.indices.map((i) => i.key);
  const captionId = `${ctx.anchor}-trends-caption`;
  const head = markup`<tr><th scope="col">${s.month}</th><th scope="col">${s.responses}</th>${keys.map(
    (k) => markup`<th scope="col">${s.indices[k]}</th>`,
  )}</tr>`;
  const rows = points.map((p) => {
    const cells = keys.map((k) => {
      const v = p.indices[k];
      if (v === undefined || v === null) return markup`<td>—</td>`;
      if (isSuppressed(v)) return markup`<td>${fill(s.fewerThan, { k: ctx.k })}</td>`;
      const ci = p.intervals[k];
      const range =
        ci && !isSuppressed(ci)
          ? markup` <span class="trend-range">(${formatNumber(ci[0], ctx.language, 0)}–${formatNumber(ci[1], ctx.language, 0)})</span>`
          : "";
      return markup`<td>${formatNumber(v, ctx.language, 0)}${range}</td>`;
    });
    return markup`<tr><th scope="row">${formatDate(p.period, ctx.language)}</th><td>${countText(p.n, ctx)}</td>${cells}</tr>`;
  });
  const caption = survey.trends.estimates === "weighted" ? s.trendsCaptionWeighted : s.trendsCaption;
  const note = points.some((p) => p.unweightedReason)
    ? markup`<p class="note">${s.notWeightedMonth}</p>`
    : "";
  return markup`<div class="table-wrap" role="region" aria-labelledby="${captionId}" tabindex="0"><table><caption id="${captionId}">${caption}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>${note}`;
}

function surveySection(survey: PublicSurvey, results: PublicResults, shapes: ProjectedMap | null): SafeHtml {
  const strings = publicStrings(results.language);
  const ctx: PageContext = {
    language: results.language,
    strings,
    k: results.suppressionThreshold,
    anchor: `s-${survey.slug}`,
  };
  const m = survey.methodology;
  const note = methodologyNote(
    {
      ...m,
      from: m.from ? formatDate(m.from, ctx.language) : null,
      to: m.to ? formatDate(m.to, ctx.language) : null,
    },
    strings,
  );
  const description = survey.description ? markup`<p class="lead">${survey.description}</p>` : "";
  const indices = survey.indices.length
    ? markup`<h3>${strings.indicesHeading}</h3><ul class="indices">${survey.indices.map((i) =>
        indexBlock(i, ctx, deedsFor(survey.actions, i.key, ctx)),
      )}</ul>`
    : "";
  const questions = survey.questions.length
    ? markup`<h3>${strings.resultsHeading}</h3>${survey.questions.map((q) =>
        questionBlock(q, ctx, deedsFor(survey.actions, q.id, ctx)),
      )}`
    : "";
  const actions = survey.actions.length
    ? markup`<ul class="actions">${survey.actions.map((a) => actionItem(a, ctx, "h4"))}</ul>`
    : markup`<p>${strings.noActions}</p>`;
  const id = ctx.anchor;
  return markup`<section class="survey" id="${id}" aria-labelledby="${id}-h">
<h2 id="${id}-h">${survey.title}</h2>
${description}<p class="sample">${fill(strings.answeredBy, { n: countText(survey.n, ctx) })}</p>
${indices}
${districtMap(survey.districtMap ?? null, shapes, ctx)}
${questions}
<h3>${strings.trendsHeading}</h3>
${trendCharts(survey)}${trendsTable(survey, ctx)}
<h3>${strings.methodologyHeading}</h3>
<p class="method">${note}</p>
<h3>${strings.actionsHeading}</h3>
${actions}
</section>`;
}

function header(results: PublicResults): SafeHtml {
  const { agency, language } = results;
  const logo = agency.logoUrl
    ? markup`<img class="logo" src="${agency.logoUrl}" alt="" width="48" height="48">`
    : "";
  const nav = languageNav(
    results.languages,
    language,
    uiStrings(language),
    (l) => `/p/${encodeURIComponent(agency.slug)}?lang=${encodeURIComponent(l)}`,
  );
  return markup`<header class="top${agency.brandColor ? " brand" : ""}">${logo}<p class="agency">${agency.name}</p>${nav ?? ""}</header>`;
}

/** The whole public page, from the same data the open-data JSON carries. */
export function renderPublicPage(
  results: PublicResults,
  publicUrl: string | null,
  shapes: ProjectedMap | null = null,
): string {
  const strings = publicStrings(results.language);
  const agency = results.agency.name;
  const ctx: PageContext = {
    language: results.language,
    strings,
    k: results.suppressionThreshold,
    anchor: "agency",
  };
  const path = `/p/${encodeURIComponent(results.agency.slug)}`;
  const contents = results.surveys.length
    ? markup`<nav aria-label="${strings.contents}"><ul class="contents">${results.surveys.map(
        (s) => markup`<li><a href="#s-${s.slug}">${s.title}</a></li>`,
      )}${results.actions.length ? markup`<li><a href="#agency-actions">${strings.agencyActionsHeading}</a></li>` : ""}</ul></nav>`
    : markup`<p>${strings.noSurveys}</p>`;
  const agencyActions = results.actions.length
    ? markup`<section id="agency-actions" aria-labelledby="agency-actions-h"><h2 id="agency-actions-h">${strings.agencyActionsHeading}</h2><ul class="actions">${results.actions.map((a) => actionItem(a, ctx, "h3"))}</ul></section>`
    : "";
  const body = markup`<h1>${fill(strings.pageTitle, { agency })}</h1>
<p class="lead">${fill(strings.intro, { agency })}</p>
${contents}
${results.surveys.map((s) => surveySection(s, results, shapes))}
${agencyActions}
<p class="print-hint">${strings.printHint}</p>`;
  return page(
    {
      language: results.language,
      title: fill(strings.pageTitle, { agency }),
      description: fill(strings.description, { agency }),
      canonical: publicUrl
        ? `${publicUrl}${path}${results.language === "en" ? "" : `?lang=${results.language}`}`
        : null,
      brandCss: results.agency.brandColor ? `${path}/brand.css` : null,
    },
    header(results),
    body,
    strings.skip,
  );
}

/** The page for an unknown agency (404) or a failure (5xx): plain words, no details. */
export function renderNotFoundPage(status: number, language = "en"): string {
  const s = publicStrings(language);
  const [title, text] =
    status >= 500 ? [s.serverErrorTitle, s.serverErrorBody] : [s.notFoundTitle, s.notFoundBody];
  return page(
    { language, title, description: text, canonical: null, brandCss: null },
    markup`<header class="top"></header>`,
    markup`<h1>${title}</h1><p>${text}</p>`,
    s.skip,
  );
}
