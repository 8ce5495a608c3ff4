import { LIMITS, type Question } from "@shared/survey.js";
import { h } from "../dom.js";
import { idFor, localizedField, textField } from "../fields.js";
import { type QuestionContext, moveItem } from "./context.js";
import { rowTools } from "./row-tools.js";

function nextKey(taken: string[], stem: string): string {
  let n = taken.length + 1;
  while (taken.includes(`${stem}_${n}`)) n++;
  return `${stem}_${n}`;
}

/** The answer options of a single or multiple choice question: stored value and label per language. */
export function optionsEditor(question: Question, ctx: QuestionContext): HTMLElement {
  const path = `questions.${ctx.index}.options`;
  const options = (question.options ??= []);
  const addId = `${idFor(path)}-add`;
  const rows = options.map((option, j) =>
    h(
      "fieldset",
      {
        class: "row",
        "data-path": `${path}.${j}`,
        "data-label": `Question ${ctx.index + 1}, option ${j + 1}`,
      },
      h("legend", {}, `Option ${j + 1}`),
      textField({
        label: "Stored value",
        summaryLabel: `Question ${ctx.index + 1}, option ${j + 1} stored value`,
        hint: "Lowercase letters, digits, - or _. Results and exports use it.",
        path: `${path}.${j}.value`,
        value: option.value,
        maxLength: 40,
        onInput: (value) => {
          option.value = value;
          ctx.changed();
        },
      }),
      localizedField({
        legend: "Label",
        summaryLabel: `Question ${ctx.index + 1}, option ${j + 1} label`,
        path: `${path}.${j}.label`,
        text: option.label,
        languages: ctx.languages,
        maxLength: LIMITS.labelLength,
        onInput: (text) => {
          option.label = text;
          ctx.changed();
        },
      }),
      rowTools({
        name: `option ${j + 1} of question ${ctx.index + 1}`,
        index: j,
        total: options.length,
        idAt: (k) => idFor(`${path}.${k}`),
        move: (from, to) => moveItem(options, from, to),
        remove: () => options.splice(j, 1),
        redraw: ctx.redraw,
        announce: ctx.announce,
        afterRemoveFocus: addId,
      }),
    ),
  );
  return h(
    "fieldset",
    {
      class: "rows",
      "data-path": path,
      "data-label": `Question ${ctx.index + 1} options`,
      id: idFor(path),
      tabindex: "-1",
    },
    h("legend", {}, "Answer options"),
    ...rows,
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        id: addId,
        disabled: options.length >= LIMITS.optionsPerQuestion,
        onclick: () => {
          const value = nextKey(
            options.map((o) => o.value),
            "option",
          );
          options.push({ value, label: Object.fromEntries(ctx.languages.map((l) => [l, ""])) });
          ctx.redraw(idFor(`${path}.${options.length - 1}.label.${ctx.languages[0]}`));
          ctx.announce(`Option ${options.length} added.`);
        },
      },
      "Add option",
    ),
  );
}

/** The statements of a matrix question: id, statement per language and an optional theme. */
export function itemsEditor(question: Question, ctx: QuestionContext): HTMLElement {
  const path = `questions.${ctx.index}.items`;
  const items = (question.items ??= []);
  const addId = `${idFor(path)}-add`;
  const rows = items.map((item, j) =>
    h(
      "fieldset",
      {
        class: "row",
        "data-path": `${path}.${j}`,
        "data-label": `Question ${ctx.index + 1}, statement ${j + 1}`,
      },
      h("legend", {}, `Statement ${j + 1}`),
      h(
        "div",
        { class: "inline-fields" },
        textField({
          label: "Statement id",
          summaryLabel: `Question ${ctx.index + 1}, statement ${j + 1} id`,
          path: `${path}.${j}.id`,
          value: item.id,
          maxLength: 40,
          onInput: (value) => {
            item.id = value;
            ctx.changed();
          },
        }),
        textField({
          label: "Theme (optional)",
          summaryLabel: `Question ${ctx.index + 1}, statement ${j + 1} theme`,
          path: `${path}.${j}.theme`,
          value: item.theme ?? "",
          maxLength: 120,
          onInput: (value) => {
            if (value.trim()) item.theme = value.trim();
            else delete item.theme;
            ctx.changed();
          },
        }),
      ),
      localizedField({
        legend: "Statement",
        summaryLabel: `Question ${ctx.index + 1}, statement ${j + 1}`,
        path: `${path}.${j}.prompt`,
        text: item.prompt,
        languages: ctx.languages,
        maxLength: LIMITS.promptLength,
        onInput: (text) => {
          item.prompt = text;
          ctx.changed();
        },
      }),
      rowTools({
        name: `statement ${j + 1} of question ${ctx.index + 1}`,
        index: j,
        total: items.length,
        idAt: (k) => idFor(`${path}.${k}`),
        move: (from, to) => moveItem(items, from, to),
        remove: () => items.splice(j, 1),
        redraw: ctx.redraw,
        announce: ctx.announce,
        afterRemoveFocus: addId,
      }),
    ),
  );
  return h(
    "fieldset",
    {
      class: "rows",
      "data-path": path,
      "data-label": `Question ${ctx.index + 1} statements`,
      id: idFor(path),
      tabindex: "-1",
    },
    h("legend", {}, "Statements (answered on the agreement scale)"),
    ...rows,
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        id: addId,
        disabled: items.length >= LIMITS.itemsPerMatrix,
        onclick: () => {
          const id = nextKey(
            items.map((i) => i.id),
            "item",
          );
          items.push({ id, prompt: Object.fromEntries(ctx.languages.map((l) => [l, ""])) });
          ctx.redraw(idFor(`${path}.${items.length - 1}.prompt.${ctx.languages[0]}`));
          ctx.announce(`Statement ${items.length} added.`);
        },
      },
      "Add statement",
    ),
  );
}
