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

interface RowListSpec<T> {
  /** Where the list sits in the definition, e.g. `questions.2.options`. */
  path: string;
  list: T[];
  /** What one row is called on screen ("option", "statement"). */
  noun: string;
  legend: string;
  max: number;
  /** The fields of one row, bound to its item; `rowName` prefixes their summary labels. */
  fields(item: T, rowPath: string, rowName: string): HTMLElement[];
  /** A new, empty row; `taken` rows are there to pick a fresh key. */
  newRow(taken: T[]): T;
  /** The field (under the row's path) that takes focus when a row is added. */
  focusField: string;
}

/** A list of rows, each a fieldset with its fields and move/remove tools, and an add button. */
function rowListEditor<T>(spec: RowListSpec<T>, ctx: QuestionContext): HTMLElement {
  const { path, list, noun } = spec;
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  const question = `Question ${ctx.index + 1}`;
  const addId = `${idFor(path)}-add`;
  const rows = list.map((item, j) =>
    h(
      "fieldset",
      { class: "row", "data-path": `${path}.${j}`, "data-label": `${question}, ${noun} ${j + 1}` },
      h("legend", {}, `${Noun} ${j + 1}`),
      ...spec.fields(item, `${path}.${j}`, `${question}, ${noun} ${j + 1}`),
      rowTools({
        name: `${noun} ${j + 1} of question ${ctx.index + 1}`,
        index: j,
        total: list.length,
        idAt: (k) => idFor(`${path}.${k}`),
        move: (from, to) => moveItem(list, from, to),
        remove: () => list.splice(j, 1),
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
      "data-label": `${question} ${noun}s`,
      id: idFor(path),
      tabindex: "-1",
    },
    h("legend", {}, spec.legend),
    ...rows,
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        id: addId,
        disabled: list.length >= spec.max,
        onclick: () => {
          list.push(spec.newRow(list));
          ctx.redraw(idFor(`${path}.${list.length - 1}.${spec.focusField}.${ctx.languages[0]}`));
          ctx.announce(`${Noun} ${list.length} added.`);
        },
      },
      `Add ${noun}`,
    ),
  );
}

const emptyText = (ctx: QuestionContext): Record<string, string> =>
  Object.fromEntries(ctx.languages.map((l) => [l, ""]));

/** The answer options of a single or multiple choice question: stored value and label per language. */
export function optionsEditor(question: Question, ctx: QuestionContext): HTMLElement {
  return rowListEditor(
    {
      path: `questions.${ctx.index}.options`,
      list: (question.options ??= []),
      noun: "option",
      legend: "Answer options",
      max: LIMITS.optionsPerQuestion,
      focusField: "label",
      newRow: (taken) => ({
        value: nextKey(
          taken.map((o) => o.value),
          "option",
        ),
        label: emptyText(ctx),
      }),
      fields: (option, rowPath, rowName) => [
        textField({
          label: "Stored value",
          summaryLabel: `${rowName} stored value`,
          hint: "Lowercase letters, digits, - or _. Results and exports use it.",
          path: `${rowPath}.value`,
          value: option.value,
          maxLength: 40,
          onInput: (value) => {
            option.value = value;
            ctx.changed();
          },
        }),
        localizedField({
          legend: "Label",
          summaryLabel: `${rowName} label`,
          path: `${rowPath}.label`,
          text: option.label,
          languages: ctx.languages,
          maxLength: LIMITS.labelLength,
          onInput: (text) => {
            option.label = text;
            ctx.changed();
          },
        }),
      ],
    },
    ctx,
  );
}

/** The statements of a matrix question: id, statement per language and an optional theme. */
export function itemsEditor(question: Question, ctx: QuestionContext): HTMLElement {
  return rowListEditor(
    {
      path: `questions.${ctx.index}.items`,
      list: (question.items ??= []),
      noun: "statement",
      legend: "Statements (answered on the agreement scale)",
      max: LIMITS.itemsPerMatrix,
      focusField: "prompt",
      newRow: (taken) => ({
        id: nextKey(
          taken.map((i) => i.id),
          "item",
        ),
        prompt: emptyText(ctx),
      }),
      fields: (item, rowPath, rowName) => [
        h(
          "div",
          { class: "inline-fields" },
          textField({
            label: "Statement id",
            summaryLabel: `${rowName} id`,
            path: `${rowPath}.id`,
            value: item.id,
            maxLength: 40,
            onInput: (value) => {
              item.id = value;
              ctx.changed();
            },
          }),
          textField({
            label: "Theme (optional)",
            summaryLabel: `${rowName} theme`,
            path: `${rowPath}.theme`,
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
          summaryLabel: rowName,
          path: `${rowPath}.prompt`,
          text: item.prompt,
          languages: ctx.languages,
          maxLength: LIMITS.promptLength,
          onInput: (text) => {
            item.prompt = text;
            ctx.changed();
          },
        }),
      ],
    },
    ctx,
  );
}
