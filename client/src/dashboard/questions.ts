import type { QuestionResult } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { h } from "../dom.js";
import { textIn } from "../languages.js";
import type { Agency, Survey } from "../types.js";
import { agreementSpec, distributionSpec, isAgreement, type AnswerPart } from "./answer-specs.js";
import { chartFigure, type ChartFigure, type FigureSpec } from "./charts.js";
import type { Results } from "./data.js";

const percents = (options: Array<{ value: unknown; percent: unknown }>) =>
  new Map(options.map((o) => [String(o.value), o.percent]));

/** The answers to a question: one part per matrix item, else one for the question. */
function partsOf(q: QuestionResult, question: Question, results: Results, language: string): AnswerPart[] {
  const weighted = results.weighted?.questions.find((w) => w.id === q.id);
  if (q.items) {
    return q.items.map((item) => {
      const w = weighted?.items?.find((i) => i.id === item.id);
      return {
        label: textIn(question.items?.find((i) => i.id === item.id)?.prompt, language) || item.id,
        options: item.options,
        n: item.n,
        weighted: w ? percents(w.options) : null,
      };
    });
  }
  if (!q.options) return [];
  return [
    {
      label: textIn(question.prompt, language) || q.id,
      options: q.options,
      n: q.n,
      weighted: weighted?.options ? percents(weighted.options) : null,
    },
  ];
}

/**
 * The answers to every question, drawn into `host`: one chart per question, a matrix included
 * (one row per item). `draw(results, false)` updates the charts and tables in place (a live
 * push), keeping open disclosures and focus where they were.
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
      const parts = partsOf(q, question, results, language);
      if (parts.length === 0) continue;
      const prompt = textIn(question.prompt, language) || q.id;
      const spec: FigureSpec = isAgreement(question)
        ? agreementSpec(prompt, parts, q.n, label)
        : distributionSpec(question, prompt, parts[0]!, agency, language, label);
      const existing = figures.get(q.id);
      if (existing) {
        existing.update(spec);
        continue;
      }
      const figure = chartFigure(spec);
      figures.set(q.id, figure);
      // A matrix's rows need the width; other charts share a row on wide screens.
      const wide = question.type === "matrix" ? " wide" : "";
      host.append(
        h(
          "div",
          { class: `question-figure${wide}`, "data-question": q.id },
          h("h3", {}, prompt),
          figure.element,
        ),
      );
    }
    if (results.questions.length === 0 && figures.size === 0) {
      host.replaceChildren(h("p", { class: "hint" }, "No answers to show for this selection."));
    }
  };
  return { draw, destroy };
}
