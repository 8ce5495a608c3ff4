import type { Question } from "@shared/survey.js";
import { h } from "../dom.js";
import { checkboxField, idFor, selectField } from "../fields.js";
import type { QuestionContext } from "./context.js";
import { questionName, skipValues } from "./question-types.js";

/**
 * Skip logic for one question: show it only when an earlier question got one of the chosen
 * answers. Only earlier questions are offered, and only the answers they can give, which is
 * the rule the server enforces too.
 */
export function skipLogicEditor(question: Question, ctx: QuestionContext): HTMLElement {
  const path = `questions.${ctx.index}.showIf`;
  const language = ctx.languages[0]!;
  const candidates = ctx.questions
    .slice(0, ctx.index)
    .map((q, i) => ({ q, i }))
    .filter(({ q }) => skipValues(q, language, ctx.districts) !== null);
  const box = h(
    "fieldset",
    {
      class: "skip-logic",
      "data-path": path,
      "data-label": `Question ${ctx.index + 1} skip logic`,
      id: idFor(path),
      tabindex: "-1",
    },
    h("legend", {}, "Skip logic"),
  );
  if (candidates.length === 0 && !question.showIf) {
    box.append(
      h(
        "p",
        { class: "hint" },
        "Skip logic needs an earlier choice, yes or no, agreement, rating or district question.",
      ),
    );
    return box;
  }
  box.append(
    checkboxField({
      label: "Ask this question only after certain answers to an earlier question",
      path: `${path}.enabled`,
      checked: Boolean(question.showIf),
      onChange: (checked) => {
        if (checked) question.showIf = { question: candidates.at(-1)?.q.id ?? "", in: [] };
        else delete question.showIf;
        ctx.changed();
        ctx.redraw(idFor(`${path}.enabled`));
      },
    }),
  );
  const showIf = question.showIf;
  if (!showIf) return box;

  const choices = candidates.map(({ q, i }) => ({
    value: q.id,
    label: `${i + 1}. ${questionName(q, language)} (${q.id})`,
  }));
  if (!choices.some((c) => c.value === showIf.question)) {
    // Still shown, so the server's complaint about it has a field to stand next to.
    choices.unshift({ value: showIf.question, label: `${showIf.question} (not an earlier question)` });
  }
  box.append(
    selectField({
      label: "Earlier question",
      summaryLabel: `Question ${ctx.index + 1}, skip logic question`,
      path: `${path}.question`,
      value: showIf.question,
      choices,
      onChange: (id) => {
        showIf.question = id;
        showIf.in = [];
        ctx.changed();
        ctx.redraw(idFor(`${path}.question`));
      },
    }),
  );
  const source = ctx.questions.find((q) => q.id === showIf.question);
  const values = source ? (skipValues(source, language, ctx.districts) ?? []) : [];
  const valuesPath = `${path}.in`;
  const group = h(
    "fieldset",
    {
      class: "choices",
      "data-path": valuesPath,
      "data-label": `Question ${ctx.index + 1}, answers that show it`,
      id: idFor(valuesPath),
      tabindex: "-1",
    },
    h("legend", {}, "Ask it when the answer is"),
  );
  values.forEach((option, k) => {
    const id = `${idFor(valuesPath)}-${k}`;
    const input = h("input", { type: "checkbox", id, checked: showIf.in.some((v) => v === option.value) });
    input.addEventListener("change", () => {
      const chosen = new Set(showIf.in.filter((v) => v !== option.value));
      if (input.checked) chosen.add(option.value);
      // Keep the order the source question offers its answers in.
      showIf.in = values.map((v) => v.value).filter((v) => chosen.has(v));
      ctx.changed();
    });
    group.append(h("div", { class: "check" }, input, h("label", { for: id }, option.label)));
  });
  if (values.length === 0)
    group.append(h("p", { class: "hint" }, "That question offers no answers to choose from."));
  box.append(group);
  return box;
}
