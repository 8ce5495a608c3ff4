import { isSuppressed, type Cell } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { textIn } from "../languages.js";
import type { Shell } from "../shell.js";
import type { Agency } from "../types.js";
import {
  cellText,
  dataTable,
  dateInput,
  indexLabel,
  answerInto,
  optionLabel,
  query,
  questionPrompt,
  seesExact,
  surveyScreen,
  type Column,
} from "./analysis.js";

/** One change as the compare API gives it; any figure may be hidden outside the analyst role. */
interface Change {
  value?: unknown;
  a?: Cell<number | null>;
  b?: Cell<number | null>;
  change?: Cell<number | null>;
  testName?: string;
  p?: Cell<number | null>;
  pAdjusted?: Cell<number | null>;
  significant?: boolean;
  testedWith?: unknown;
}

interface Compared {
  waves: Record<"a" | "b", { from: string; to: string; n: Cell<number> }>;
  correction: { name: string; tests: number };
  note: string;
  questions: Array<{
    id: string;
    mean?: Cell<Change>;
    options?: Array<Cell<Change>>;
    items?: Array<{ id: string; mean?: Cell<Change>; options?: Array<Cell<Change>> }>;
  }>;
  indices: Record<string, Cell<Change>>;
  weighting: { applied: boolean; reason?: string };
  suppression: { applied: boolean; label: string; reason?: string };
}

const COLUMNS: Column[] = [
  { label: "Measure", rowHeader: true },
  { label: "Period A" },
  { label: "Period B" },
  { label: "Change" },
  { label: "Test" },
  { label: "p" },
  { label: "Holm-adjusted p" },
  { label: "Significant after correction" },
];

/** The first days and last days of the two months before this one: a sensible first comparison. */
function lastTwoMonths(): { a: [string, string]; b: [string, string] } {
  const now = new Date();
  const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
  const y = now.getFullYear();
  const m = now.getMonth();
  return { a: [day(y, m - 2, 1), day(y, m - 1, 0)], b: [day(y, m - 1, 1), day(y, m, 0)] };
}

/** A row of the table, every figure exactly as the API returned it. */
function changeRow(
  label: string,
  change: Cell<Change> | undefined,
  hidden: string,
  question?: Question,
  language = "en",
) {
  if (!change || isSuppressed(change)) return [label, hidden, hidden, hidden, "—", "—", "—", "—"];
  const shown = (value: Cell<number | null> | undefined) => cellText(value, hidden);
  const delta = (value: Cell<number | null> | undefined) =>
    typeof value === "number" && value > 0 ? `+${value}` : shown(value);
  if (change.testedWith !== undefined) {
    const other = optionLabel(question, change.testedWith, language);
    return [
      label,
      shown(change.a),
      shown(change.b),
      delta(change.change),
      `Tested with “${other}”`,
      "—",
      "—",
      "—",
    ];
  }
  const flag =
    change.significant === undefined
      ? "—"
      : change.significant
        ? h("span", { class: "significant" }, "Yes")
        : "No";
  const noTest = change.p === null ? "No test (too few answers)" : "—";
  return [
    label,
    shown(change.a),
    shown(change.b),
    delta(change.change),
    change.testName ?? noTest,
    shown(change.p),
    shown(change.pAdjusted),
    flag,
  ];
}

function tables(body: Compared, questions: Question[], language: string): Node[] {
  const hidden = body.suppression.label;
  const indexRows = Object.entries(body.indices).map(([key, change]) =>
    changeRow(indexLabel(key), change, hidden),
  );
  const questionRows = body.questions.flatMap((result) => {
    const question = questions.find((q) => q.id === result.id);
    const prompt = questionPrompt(question, result.id, language);
    const rows = [];
    if (result.mean) rows.push(changeRow(`${prompt} (average)`, result.mean, hidden));
    for (const option of result.options ?? []) {
      const value = isSuppressed(option) ? "" : optionLabel(question, option.value, language);
      rows.push(changeRow(`${prompt}: ${value} (%)`, option, hidden, question, language));
    }
    for (const item of result.items ?? []) {
      const itemLabel = question?.items?.find((i) => i.id === item.id);
      const name = `${prompt}: ${(itemLabel && textIn(itemLabel.prompt, language)) || item.id}`;
      if (item.mean) rows.push(changeRow(`${name} (average)`, item.mean, hidden));
    }
    return rows;
  });
  return [
    h("h2", { id: "indices-heading" }, "Indices (0–100)"),
    indexRows.length > 0
      ? dataTable("Index scores in each period", COLUMNS, indexRows)
      : h("p", {}, "No index could be compared."),
    h("h2", { id: "questions-heading" }, "Questions"),
    questionRows.length > 0
      ? dataTable(
          "Averages and shares (%) in each period; changes of shares in percentage points",
          COLUMNS,
          questionRows,
        )
      : h("p", {}, "No question could be compared."),
  ];
}

/**
 * Two periods chosen by the person compared by the server: per index, question and option the
 * figures of each period, the change, the test the API ran, its own p and Holm's adjusted p, and
 * whether the change is significant after that correction. Nothing is computed here.
 */
export async function showCompare(shell: Shell, surveyId: string): Promise<void> {
  const { survey, body, language } = await surveyScreen(shell, surveyId, "compare", "Compare periods");
  const exact = seesExact(shell);
  const defaults = lastTwoMonths();
  const aFrom = dateInput("a-from", "From", defaults.a[0]);
  const aTo = dateInput("a-to", "To", defaults.a[1]);
  const bFrom = dateInput("b-from", "From", defaults.b[0]);
  const bTo = dateInput("b-to", "To", defaults.b[1]);
  const district = h("select", { id: "compare-district" }, h("option", { value: "" }, "All districts"));
  if (exact) {
    const { agency } = await api<{ agency: Agency }>("GET", "/agency");
    district.append(...agency.districts.map((d) => h("option", { value: d.code }, `${d.name} (${d.code})`)));
  }
  const weighted = h("input", { type: "checkbox", id: "compare-weighted" });
  const outcome = h("div", { class: "compare-outcome" });
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "periods-heading", novalidate: true },
    h("h2", { id: "periods-heading" }, "Periods"),
    exact
      ? null
      : h(
          "p",
          { class: "hint" },
          "Outside the analyst role each period is one or more whole months of the whole survey.",
        ),
    h(
      "div",
      { class: "filters" },
      h("fieldset", {}, h("legend", {}, "Period A (earlier)"), aFrom.field, aTo.field),
      h("fieldset", {}, h("legend", {}, "Period B (later)"), bFrom.field, bTo.field),
    ),
    h(
      "div",
      { class: "filters" },
      exact
        ? h("div", { class: "field" }, h("label", { for: "compare-district" }, "District"), district)
        : null,
      h(
        "div",
        { class: "check" },
        weighted,
        h("label", { for: "compare-weighted" }, "Weighted to the population"),
      ),
    ),
    h("button", { type: "submit" }, "Compare"),
  );
  answerInto(form, outcome, "the comparison", "result-heading", async () => {
    const params = query({
      a_from: aFrom.input.value,
      a_to: aTo.input.value,
      b_from: bFrom.input.value,
      b_to: bTo.input.value,
      district: district.value,
      weighted: weighted.checked,
    });
    const result = await api<Compared>("GET", `/surveys/${survey.id}/compare${params}`);
    const wave = (key: "a" | "b", name: string) =>
      h(
        "li",
        {},
        `${name}: ${result.waves[key].from} to ${result.waves[key].to}, ${cellText(result.waves[key].n, result.suppression.label)} responses`,
      );
    return [
      h("h2", { id: "result-heading", tabindex: "-1" }, "Differences"),
      h("ul", {}, wave("a", "Period A"), wave("b", "Period B")),
      h("p", {}, result.note),
      h(
        "p",
        { class: "hint" },
        `${result.correction.name} correction over ${result.correction.tests} tests.`,
      ),
      weighted.checked && !result.weighting.applied
        ? h("p", { class: "notice" }, `Not weighted: ${result.weighting.reason ?? ""}`)
        : null,
      result.suppression.reason ? h("p", { class: "notice" }, result.suppression.reason) : null,
      ...tables(result, survey.questions, language),
    ];
  });
  body.append(form, outcome);
}
