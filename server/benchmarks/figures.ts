import { createHash } from "node:crypto";
import type { PeerFigure } from "@shared/benchmarks.js";
import { indicesForTheme, INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import { spanOf } from "@shared/periods.js";
import { isSuppressed } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import type { Agency } from "@server/accounts/accounts.service.js";
import { buildResults } from "@server/analytics/analytics.service.js";
import type { Survey } from "@server/surveys/surveys.service.js";
import { findTemplate } from "@server/surveys/templates/index.js";

export type IndexFigures = Partial<Record<IndexKey, PeerFigure>>;

/**
 * The version of a question set as benchmarks see it: a hash of every question that feeds an
 * index (id, type, theme, scale and themed items). Two surveys with the same version build
 * their indices from the same items on the same scales, so their figures compare; wording,
 * translations and questions outside the indices may differ.
 */
export function templateVersion(template: string, questions: readonly Question[]): string {
  const scored = questions
    .filter((q) => indicesForTheme(q.theme).length > 0 || (q.items ?? []).some((i) => i.theme))
    .map((q) => ({
      id: q.id,
      type: q.type,
      theme: q.theme ?? null,
      scale: q.scale ?? null,
      items: (q.items ?? []).map((i) => ({ id: i.id, theme: i.theme ?? q.theme ?? null })),
    }));
  const digest = createHash("sha256").update(JSON.stringify(scored)).digest("hex").slice(0, 12);
  return `${template}@${digest}`;
}

/** The current version of a shared template, or null for a template that is not one. */
export function sharedTemplateVersion(template: string): string | null {
  const found = findTemplate(template);
  return found ? templateVersion(found.id, found.questions) : null;
}

/** Whether a survey still asks its template's index items as the template does. */
export function keepsTemplate(survey: Survey): boolean {
  if (!survey.template) return false;
  const expected = sharedTemplateVersion(survey.template);
  return expected !== null && templateVersion(survey.template, survey.questions) === expected;
}

/**
 * One survey's index figures for a period exactly as the disclosure-control step releases
 * them to the public (whole months, every district): an index hidden there is not a figure.
 */
export async function releasedFigures(survey: Survey, agency: Agency, period: string): Promise<IndexFigures> {
  const { from, to } = spanOf(period);
  const body = await buildResults(survey, agency, { from, to }, "public");
  const figures: IndexFigures = {};
  for (const key of INDEX_KEYS) {
    const index = body.indices[key];
    if (!index || isSuppressed(index.score) || isSuppressed(index.n) || isSuppressed(index.ci95)) continue;
    if (typeof index.score !== "number" || index.n === 0) continue;
    figures[key] = { score: index.score, n: index.n, ci95: index.ci95 ?? null };
  }
  return figures;
}

/**
 * An agency's figures for a template and period: from each of its surveys that keeps the
 * template, per index the released figure with the largest n (one survey's respondents are
 * never added to another's, which could count a person twice).
 */
export async function agencyFigures(
  agency: Agency,
  surveys: Survey[],
  period: string,
): Promise<IndexFigures> {
  const best: IndexFigures = {};
  for (const survey of surveys.filter(keepsTemplate)) {
    const figures = await releasedFigures(survey, agency, period);
    for (const key of INDEX_KEYS) {
      const figure = figures[key];
      if (figure && figure.n > (best[key]?.n ?? 0)) best[key] = figure;
    }
  }
  return best;
}
