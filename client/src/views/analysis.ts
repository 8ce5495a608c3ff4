import { roleAtLeast } from "@shared/accounts.js";
import { INDEX_LABELS, type IndexKey } from "@shared/indices.js";
import { isSuppressed, PROTECTS_OTHERS_LABEL, type Cell } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemsOf, tidyMessage } from "../errors.js";
import { textIn } from "../languages.js";
import type { Shell, SurveyTab } from "../shell.js";
import type { Survey } from "../types.js";
import { surveyNav } from "./survey-nav.js";
import "./analysis.css";

/**
 * The frame of a survey's analysis screens (comments, compare, breakdowns, export): heading,
 * the survey's navigation and a body to draw in. Focus moves to the heading as on a page load.
 */
export async function surveyScreen(
  shell: Shell,
  surveyId: string,
  tab: SurveyTab,
  name: string,
): Promise<{ survey: Survey; body: HTMLElement; language: string }> {
  const { survey } = await api<{ survey: Survey }>("GET", `/surveys/${surveyId}`);
  const language = survey.languages[0] ?? "en";
  const title = `${name}: ${textIn(survey.title, language) || "Untitled survey"}`;
  const heading = h("h1", { tabindex: "-1" }, title);
  const body = h("div", { class: "analysis" });
  shell.view.replaceChildren(heading, surveyNav(survey, tab, roleAtLeast(shell.user.role, "designer")), body);
  shell.arrived(heading, title);
  return { survey, body, language };
}

/** Analysts and admins see exact figures and row-level exports; designers do not. */
export const seesExact = (shell: Shell): boolean => shell.user.role !== "designer";

/** The failure in words, with each field the server named ("to: must not be before from"). */
export function explain(error: unknown): string {
  const details = problemsOf(error).map(
    (p) => `${p.path.replace(/^query\./, "")}: ${tidyMessage(p.path, p.message)}`,
  );
  return [describeError(error), ...details].join(" ");
}

/**
 * Draws what a request produces into `host`: a loading line while it runs (announced, and
 * `aria-busy` on the region), then the result, or the failure said plainly in an alert.
 */
export async function loadInto(
  host: HTMLElement,
  what: string,
  load: () => Promise<Array<Node | null>>,
): Promise<boolean> {
  host.setAttribute("aria-busy", "true");
  host.replaceChildren(h("p", { class: "loading", role: "status" }, `Loading ${what}…`));
  try {
    host.replaceChildren(...(await load()).filter((node): node is Node => node !== null));
    return true;
  } catch (error) {
    host.replaceChildren(
      h("p", { class: "notice warning", role: "alert" }, `Could not load ${what}. ${explain(error)}`),
    );
    return false;
  } finally {
    host.removeAttribute("aria-busy");
  }
}

/**
 * Runs a query form: on submit its result is drawn into `outcome`, then focus goes to the
 * result's heading (`headingId`), or to the alert saying what went wrong.
 */
export function answerInto(
  form: HTMLFormElement,
  outcome: HTMLElement,
  what: string,
  headingId: string,
  load: () => Promise<Array<Node | null>>,
): void {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ok = await loadInto(outcome, what, load);
    const target = outcome.querySelector<HTMLElement>(ok ? `#${headingId}` : "[role=alert]");
    target?.setAttribute("tabindex", "-1");
    target?.focus();
  });
}

export const indexLabel = (key: string): string => INDEX_LABELS[key as IndexKey] ?? key;

/** A figure as shown: its number, the API's suppression label, or a dash when there is none. */
export function cellText(value: Cell<number | null> | undefined, label: string, digits?: number): string {
  if (isSuppressed(value)) return value.protects === "others" ? PROTECTS_OTHERS_LABEL : label;
  if (typeof value !== "number") return "—";
  return digits === undefined ? String(value) : value.toFixed(digits);
}

export const questionPrompt = (question: Question | undefined, id: string, language: string): string =>
  (question && textIn(question.prompt, language)) || id;

/** An option's label in the survey's language; yes/no and districts by their value. */
export function optionLabel(question: Question | undefined, value: unknown, language: string): string {
  if (value === true) return "Yes";
  if (value === false) return "No";
  const option = question?.options?.find((o) => String(o.value) === String(value));
  return (option && textIn(option.label, language)) || String(value);
}

export interface Column {
  label: string;
  /** The header cell is a row header (the thing the row is about). */
  rowHeader?: boolean;
}

/**
 * A table with a caption; on a phone each row becomes a block whose cells carry their column's
 * name (`data-col`), so nothing scrolls sideways.
 */
export function dataTable(
  caption: string,
  columns: Column[],
  rows: Array<Array<string | Node>>,
): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col" }, c.label)))),
      h(
        "tbody",
        {},
        ...rows.map((row) =>
          h(
            "tr",
            {},
            ...row.map((cell, i) =>
              columns[i]?.rowHeader
                ? h("th", { scope: "row" }, cell)
                : h("td", { "data-col": columns[i]?.label ?? "" }, cell),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A labelled date input (yyyy-mm-dd, the form the API takes). */
export function dateInput(
  id: string,
  label: string,
  value = "",
): { field: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { type: "date", id, name: id, value });
  return { field: h("div", { class: "field" }, h("label", { for: id }, label), input), input };
}

/** Query string of the non-empty values. */
export function query(params: Record<string, string | boolean | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
