import { MIN_RELIABLE_N, WEAK_BELOW } from "@shared/flags.js";
import { INDEX_LABELS } from "@shared/indices.js";
import { localize } from "@shared/survey.js";
import { escapeHtml } from "@server/surveys/html.js";
import type { DigestData, DigestIndex, DigestSurvey } from "./digest-data.js";

const REASONS = {
  falling: "fell significantly",
  weak: `scores below ${WEAK_BELOW}`,
  weakest: "is the weakest index",
} as const;

const HIDDEN = "fewer than the reporting threshold";
const fmt = (value: number | null, digits = 1): string => (value === null ? "–" : value.toFixed(digits));
const count = (value: number | null): string => (value === null ? HIDDEN : String(value));
const signed = (value: number | null): string =>
  value === null ? "–" : `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value).toFixed(1)}`;

function changeNote(index: DigestIndex): string {
  if (index.change === null) return "no comparison";
  const p = index.p === null ? "" : `, p ${index.p < 0.001 ? "< 0.001" : `= ${index.p.toFixed(3)}`}`;
  const test = index.testName ? `${index.testName}${p}` : p.slice(2);
  return index.significant ? `significant (${test})` : `not significant (${test})`;
}

/** Why a survey with low scores may have no "needs attention" line: the shared minimum n. */
const thinNote = (survey: DigestSurvey): string | null =>
  survey.responses !== null && survey.responses > 0 && survey.responses < MIN_RELIABLE_N
    ? `Fewer than ${MIN_RELIABLE_N} responses this week: too few to flag any index.`
    : null;

/** One question's top themes in words: "Lighting 12 (11 negative, 0 positive)". */
const themesLine = (entry: DigestSurvey["themes"][number]): string =>
  `Comment themes, "${entry.question}": ` +
  entry.themes
    .map(
      (t) =>
        `${t.label} ${t.count}${t.sentiment ? ` (${t.sentiment.negative} negative, ${t.sentiment.positive} positive)` : ""}`,
    )
    .join("; ");

const themeLines = (survey: DigestSurvey): string[] => [
  ...survey.themes.map(themesLine),
  ...(survey.themesNote ? [survey.themesNote] : []),
];

const titleOf = (survey: DigestSurvey): string =>
  localize(survey.title, survey.languages[0] ?? "en", Object.values(survey.title)[0] ?? "Survey");

function surveyText(survey: DigestSurvey): string {
  const lines = [
    titleOf(survey),
    `Responses this week: ${count(survey.responses)} (week before: ${count(survey.previousResponses)})`,
  ];
  for (const index of survey.indices) {
    lines.push(
      `- ${INDEX_LABELS[index.key]}: ${fmt(index.score)} (was ${fmt(index.previous)}, ${signed(index.change)}; ${changeNote(index)})`,
    );
  }
  const thin = thinNote(survey);
  if (thin) lines.push(thin);
  for (const item of survey.attention) {
    lines.push(
      `Needs attention: ${INDEX_LABELS[item.indicator]} ${REASONS[item.reason]} (${fmt(item.score)}).`,
    );
    for (const r of item.resources) lines.push(`  * ${r.title} (${r.category})${r.url ? ` ${r.url}` : ""}`);
  }
  lines.push(...themeLines(survey));
  lines.push(`Dashboard: ${survey.dashboardUrl}`);
  return lines.join("\n");
}

function surveyHtml(survey: DigestSurvey): string {
  const e = escapeHtml;
  const rows = survey.indices
    .map(
      (i) =>
        `<tr><th scope="row" style="text-align:left;padding:4px 8px">${e(INDEX_LABELS[i.key])}</th>` +
        `<td style="padding:4px 8px">${e(fmt(i.score))}</td><td style="padding:4px 8px">${e(fmt(i.previous))}</td>` +
        `<td style="padding:4px 8px">${e(signed(i.change))}</td><td style="padding:4px 8px">${e(changeNote(i))}</td></tr>`,
    )
    .join("");
  const table = rows
    ? `<table style="border-collapse:collapse"><thead><tr><th scope="col" style="text-align:left;padding:4px 8px">Index (0–100)</th><th scope="col" style="padding:4px 8px">This week</th><th scope="col" style="padding:4px 8px">Week before</th><th scope="col" style="padding:4px 8px">Change</th><th scope="col" style="text-align:left;padding:4px 8px">Test</th></tr></thead><tbody>${rows}</tbody></table>`
    : "<p>No index could be computed this week.</p>";
  const attention = survey.attention
    .map(
      (item) =>
        `<p><strong>Needs attention: ${e(INDEX_LABELS[item.indicator])}</strong> ${e(REASONS[item.reason])} (${e(fmt(item.score))}).</p>` +
        (item.resources.length > 0
          ? `<ul>${item.resources
              .map(
                (r) =>
                  `<li>${r.url ? `<a href="${e(r.url)}">${e(r.title)}</a>` : e(r.title)} (${e(r.category)})</li>`,
              )
              .join("")}</ul>`
          : ""),
    )
    .join("");
  return (
    `<h2 style="font-size:18px">${e(titleOf(survey))}</h2>` +
    `<p>Responses this week: <strong>${e(count(survey.responses))}</strong> (week before: ${e(count(survey.previousResponses))})</p>` +
    table +
    (thinNote(survey) ? `<p>${e(thinNote(survey)!)}</p>` : "") +
    attention +
    themeLines(survey)
      .map((line) => `<p>${e(line)}</p>`)
      .join("") +
    `<p><a href="${e(survey.dashboardUrl)}">Open the dashboard</a></p>`
  );
}

/**
 * The weekly digest mail, text and HTML with the same figures: per survey the response counts,
 * each index with its change and whether the change is significant (and by which test), the
 * indices needing attention with the resources that address them, the week's top comment
 * themes (analysts and admins), and the dashboard link. The
 * closing sentence points to `unsubscribeUrl`, the same link as the List-Unsubscribe header.
 */
export function renderDigest(
  data: DigestData,
  unsubscribeUrl: string,
): { subject: string; text: string; html: string } {
  const subject = `${data.agencyName}: weekly results, ${data.week.from} to ${data.week.to}`;
  const intro = `Community Pulse digest for ${data.agencyName}, the week ${data.week.from} to ${data.week.to} compared with ${data.previousWeek.from} to ${data.previousWeek.to}.`;
  const footer = "You get this email because you turned on the weekly digest. Turn it off at any time";
  const empty = "No open survey this week.";
  const text = [
    intro,
    ...(data.surveys.length ? data.surveys.map(surveyText) : [empty]),
    `${footer}: ${unsubscribeUrl}`,
  ].join("\n\n");
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#111111;max-width:680px">` +
    `<h1 style="font-size:20px">${escapeHtml(subject)}</h1><p>${escapeHtml(intro)}</p>` +
    (data.surveys.length ? data.surveys.map(surveyHtml).join("<hr>") : `<p>${empty}</p>`) +
    `<p style="font-size:13px;color:#444444">${escapeHtml(footer)}: <a href="${escapeHtml(unsubscribeUrl)}">turn off the weekly digest</a>.</p></body></html>`;
  return { subject, text, html };
}
