import type { OptionResult, QuestionResult } from "@shared/suppression.js";
import { h } from "../dom.js";
import { textIn } from "../languages.js";
import type { Agency, Survey } from "../types.js";
import { chartFigure, type ChartFigure } from "./charts.js";
import type { Results } from "./data.js";
import { distributionSpec } from "./specs.js";

interface Part {
  key: string;
  caption: string;
  options: OptionResult[];
  n: unknown;
  weighted: Map<string, unknown> | null;
}

/** One chart per question with answer options, one per item of a matrix. */
function partsOf(q: QuestionResult, results: Results, survey: Survey, language: string): Part[] {
  const question = survey.questions.find((d) => d.id === q.id);
  if (!question) return [];
  const prompt = textIn(question.prompt, language) || q.id;
  const weighted = results.weighted?.questions.find((w) => w.id === q.id);
  const percents = (options: Array<{ value: unknown; percent: unknown }>) =>
    new Map(options.map((o) => [String(o.value), o.percent]));
  if (q.items) {
    return q.items.map((item) => {
      const itemDef = question.items?.find((i) => i.id === item.id);
      const w = weighted?.items?.find((i) => i.id === item.id);
      return {
        key: `${q.id}.${item.id}`,
        caption: `${prompt}: ${textIn(itemDef?.prompt, language) || item.id}`,
        options: item.options,
        n: item.n,
        weighted: w ? percents(w.options) : null,
      };
    });
  }
  if (!q.options) return [];
  return [
    {
      key: q.id,
      caption: prompt,
      options: q.options,
      n: q.n,
      weighted: weighted?.options ? percents(weighted.options) : null,
    },
  ];
}

/**
 * The answers to every question, drawn into `host`. `draw(results, false)` updates the charts
 * and tables in place (a live push), keeping open disclosures and focus where they were.
 */
export function questionCharts(host: HTMLElement, survey: Survey, agency: Agency, language: string) {
  const figures = new Map<string, ChartFigure>();
  const destroy = () => {
    for (const f of figures.values()) f.destroy();
    figures.clear();
    host.replaceChildren();
  };
  const draw = (results: Results, rebuild: boolean) => {
    if (rebuild) destroy();
    const label = results.suppression?.label ?? "fewer than 10";
    for (const q of results.questions) {
      const question = survey.questions.find((d) => d.id === q.id);
      if (!question) continue;
      for (const part of partsOf(q, results, survey, language)) {
        const spec = distributionSpec(
          question,
          part.caption,
          part.options,
          part.n,
          part.weighted,
          agency,
          language,
          label,
        );
        const existing = figures.get(part.key);
        if (existing) {
          existing.update(spec);
          continue;
        }
        const figure = chartFigure(spec);
        figures.set(part.key, figure);
        host.append(h("div", { class: "question-figure" }, h("h3", {}, part.caption), figure.element));
      }
    }
    if (results.questions.length === 0 && figures.size === 0) {
      host.replaceChildren(h("p", { class: "hint" }, "No answers to show for this selection."));
    }
  };
  return { draw, destroy };
}
