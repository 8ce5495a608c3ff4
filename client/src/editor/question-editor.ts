import {
  DEMOGRAPHIC_ROLES,
  LIMITS,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
} from "@shared/survey.js";
import { h } from "../dom.js";
import { checkboxField, idFor, localizedField, selectField, textField } from "../fields.js";
import { itemsEditor, optionsEditor } from "./choice-editor.js";
import type { QuestionContext } from "./context.js";
import { DEMOGRAPHIC_LABELS, questionName, retype, TYPE_LABELS } from "./question-types.js";
import { rowTools } from "./row-tools.js";
import { skipLogicEditor } from "./skip-logic.js";

export interface QuestionEditorContext extends QuestionContext {
  open: boolean;
  onToggle(open: boolean): void;
  move(from: number, to: number): void;
  remove(): void;
  replace(question: Question): void;
  /** A question's id changed: skip logic that pointed at the old id follows it. */
  renameId(oldId: string, newId: string): void;
  /** Where focus goes when this question is removed. */
  afterRemoveFocus: string;
}

function metaOf(question: Question): string {
  const parts: string[] = [TYPE_LABELS[question.type]];
  if (question.required) parts.push("required");
  if (question.showIf) parts.push("skip logic");
  return `${parts.join(", ")} · ${question.id}`;
}

function numberOrNothing(value: string): number | undefined {
  const n = Number(value);
  return value.trim() === "" || !Number.isFinite(n) ? undefined : n;
}

function typeSpecific(question: Question, ctx: QuestionEditorContext): HTMLElement | null {
  const path = `questions.${ctx.index}`;
  switch (question.type) {
    case "single":
    case "multi":
      return optionsEditor(question, ctx);
    case "matrix":
      return itemsEditor(question, ctx);
    case "rating":
      return selectField({
        label: "Scale",
        summaryLabel: `Question ${ctx.index + 1} scale`,
        path: `${path}.scale`,
        value: question.scale?.max === 10 ? "0-10" : "1-5",
        choices: [
          { value: "1-5", label: "1 to 5" },
          { value: "0-10", label: "0 to 10" },
        ],
        onChange: (value) => {
          question.scale = value === "0-10" ? { min: 0, max: 10 } : { min: 1, max: 5 };
          ctx.changed();
        },
      });
    case "number": {
      const bound = (key: "min" | "max", label: string) =>
        textField({
          label,
          summaryLabel: `Question ${ctx.index + 1} ${key}`,
          path: `${path}.${key}`,
          type: "number",
          value: question[key] === undefined ? "" : String(question[key]),
          onInput: (value) => {
            const n = numberOrNothing(value);
            if (n === undefined) delete question[key];
            else question[key] = n;
            ctx.changed();
          },
        });
      return h(
        "div",
        { class: "inline-fields" },
        bound("min", "Smallest answer (optional)"),
        bound("max", "Largest answer (optional)"),
      );
    }
    default:
      return null;
  }
}

/**
 * One question, collapsible: its id, type, prompt and help in every language, the parts its type
 * needs, theme, weighting role, required, skip logic, and buttons to move or remove it.
 */
export function questionEditor(question: Question, ctx: QuestionEditorContext): HTMLElement {
  const i = ctx.index;
  const path = `questions.${i}`;
  const language = ctx.languages[0]!;
  const title = h("span", { class: "q-title" }, questionName(question, language));
  const meta = h("span", { class: "q-meta" }, metaOf(question));
  const refreshSummary = () => {
    title.textContent = questionName(question, language);
    meta.textContent = metaOf(question);
  };
  const changed = () => {
    refreshSummary();
    ctx.changed();
  };
  const basics = h(
    "div",
    { class: "inline-fields" },
    textField({
      label: "Question id",
      summaryLabel: `Question ${i + 1} id`,
      hint: "Lowercase letters, digits and _, starting with a letter.",
      path: `${path}.id`,
      value: question.id,
      maxLength: 40,
      onInput: (value) => {
        const old = question.id;
        question.id = value;
        ctx.renameId(old, value);
        changed();
      },
    }),
    selectField({
      label: "Type",
      summaryLabel: `Question ${i + 1} type`,
      path: `${path}.type`,
      value: question.type,
      choices: QUESTION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] })),
      onChange: (value) => {
        ctx.replace(retype(question, value as QuestionType, ctx.languages));
        ctx.changed();
        ctx.redraw(idFor(`${path}.type`));
      },
    }),
    textField({
      label: "Theme (optional)",
      summaryLabel: `Question ${i + 1} theme`,
      hint: "Feeds indices and resource links, e.g. safety.night.",
      path: `${path}.theme`,
      value: question.theme ?? "",
      maxLength: 120,
      list: ctx.themeList,
      onInput: (value) => {
        if (value.trim()) question.theme = value.trim();
        else delete question.theme;
        changed();
      },
    }),
    selectField({
      label: "Weighting role",
      summaryLabel: `Question ${i + 1} weighting role`,
      path: `${path}.demographic`,
      value: question.demographic ?? "",
      choices: ["", ...DEMOGRAPHIC_ROLES].map((role) => ({
        value: role,
        label: DEMOGRAPHIC_LABELS[role] ?? role,
      })),
      onChange: (value) => {
        if (value) question.demographic = value as Question["demographic"];
        else delete question.demographic;
        changed();
      },
    }),
  );
  const details = h(
    "details",
    {
      class: "question",
      "data-path": path,
      "data-label": `Question ${i + 1}`,
      id: idFor(path),
      open: ctx.open,
    },
    h("summary", {}, h("span", { class: "q-num" }, `${i + 1}.`), " ", title, " ", meta),
    h(
      "div",
      { class: "q-body" },
      rowTools({
        name: `question ${i + 1}`,
        index: i,
        total: ctx.questions.length,
        idAt: (k) => idFor(`questions.${k}`),
        move: ctx.move,
        remove: ctx.remove,
        redraw: ctx.redraw,
        announce: ctx.announce,
        afterRemoveFocus: ctx.afterRemoveFocus,
      }),
      basics,
      checkboxField({
        label: "An answer is required",
        summaryLabel: `Question ${i + 1} required`,
        path: `${path}.required`,
        checked: Boolean(question.required),
        onChange: (checked) => {
          question.required = checked;
          changed();
        },
      }),
      localizedField({
        legend: "Question text",
        summaryLabel: `Question ${i + 1} text`,
        path: `${path}.prompt`,
        text: question.prompt,
        languages: ctx.languages,
        multiline: true,
        maxLength: LIMITS.promptLength,
        onInput: (text) => {
          question.prompt = text;
          changed();
        },
      }),
      localizedField({
        legend: "Help text (optional)",
        summaryLabel: `Question ${i + 1} help text`,
        path: `${path}.help`,
        text: question.help ?? {},
        languages: ctx.languages,
        multiline: true,
        maxLength: LIMITS.promptLength,
        onInput: (text) => {
          question.help = text;
          changed();
        },
      }),
      typeSpecific(question, ctx),
      skipLogicEditor(question, ctx),
    ),
  );
  details.addEventListener("toggle", () => ctx.onToggle(details.open));
  return details;
}
