import { isReliable, UNRELIABLE_NOTE } from "@shared/flags.js";
import { INDEX_KEYS } from "@shared/indices.js";
import type { Interval } from "@shared/statistics.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import type { Shell } from "../shell.js";
import {
  dataTable,
  dateInput,
  indexLabel,
  answerInto,
  optionLabel,
  query,
  questionPrompt,
  seesExact,
  surveyScreen,
} from "./analysis.js";

interface Group {
  value: string;
  n: number;
  indices: Record<string, { score: number | null; ci95: Interval | null; n: number }>;
  questions: Array<{ id: string; n: number; mean: number | null; ci95: Interval | null }>;
}

interface Breakdown {
  question: string | null;
  suppressed: boolean;
  groups: Group[];
  suppression: { label: string; reason?: string };
}

const GROUPINGS = [
  ["age", "Age"],
  ["gender", "Gender"],
  ["race", "Race and ethnicity"],
] as const;

/** A score with its 95% range, but no range on fewer answers than the shared minimum. */
function withRange(
  figure: { score?: number | null; mean?: number | null; ci95: Interval | null; n: number } | undefined,
): string {
  const value = figure?.score ?? figure?.mean ?? null;
  if (!figure || value === null) return "—";
  if (!isReliable(figure.n) || !figure.ci95) return `${value} (${UNRELIABLE_NOTE})`;
  return `${value} (95% range ${figure.ci95[0]} to ${figure.ci95[1]})`;
}

/**
 * Results split by the survey's age, gender or race question, as the breakdown API gives them
 * (exact, for analysts and admins). Outside that role the API withholds them and the screen
 * says why; nothing is worked out here from other figures.
 */
export async function showBreakdowns(shell: Shell, surveyId: string): Promise<void> {
  const { survey, body, language } = await surveyScreen(shell, surveyId, "breakdowns", "Breakdowns");
  const by = h(
    "select",
    { id: "breakdown-by" },
    ...GROUPINGS.map(([value, label]) => h("option", { value }, label)),
  );
  const from = dateInput("breakdown-from", "From (optional)");
  const to = dateInput("breakdown-to", "To (optional)");
  const outcome = h("div");
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "breakdown-form-heading", novalidate: true },
    h("h2", { id: "breakdown-form-heading" }, "Break down by"),
    seesExact(shell)
      ? null
      : h(
          "p",
          { class: "hint" },
          "Breakdowns are for analysts and admins: groups of residents this small cannot be protected.",
        ),
    h(
      "div",
      { class: "filters" },
      h("div", { class: "field" }, h("label", { for: "breakdown-by" }, "Group residents by"), by),
      from.field,
      to.field,
    ),
    h("button", { type: "submit" }, "Show breakdown"),
  );
  answerInto(form, outcome, "the breakdown", "breakdown-heading", async () => {
    const grouping = GROUPINGS.find(([value]) => value === by.value)!;
    const params = query({ by: by.value, from: from.input.value, to: to.input.value });
    const result = await api<Breakdown>("GET", `/surveys/${survey.id}/breakdown${params}`);
    const heading = h("h2", { id: "breakdown-heading", tabindex: "-1" }, `By ${grouping[1].toLowerCase()}`);
    if (result.suppressed)
      return [
        heading,
        h("p", { class: "notice" }, result.suppression.reason ?? `Hidden: ${result.suppression.label}.`),
      ];
    if (!result.question)
      return [
        heading,
        h("p", { class: "notice" }, `This survey does not ask about ${grouping[1].toLowerCase()}.`),
      ];
    const question = survey.questions.find((q) => q.id === result.question);
    const groupName = (g: Group) => optionLabel(question, g.value, language);
    const keys = INDEX_KEYS.filter((key) => result.groups.some((g) => g.indices[key]));
    const indexRows = result.groups.map((g) => [
      groupName(g),
      String(g.n),
      ...keys.map((key) => withRange(g.indices[key])),
    ]);
    const questionIds = result.groups[0]?.questions.map((q) => q.id) ?? [];
    const questionRows = questionIds.map((id) => [
      questionPrompt(
        survey.questions.find((q) => q.id === id),
        id,
        language,
      ),
      ...result.groups.map((g) => {
        const figure = g.questions.find((q) => q.id === id);
        return figure ? `${withRange(figure)}, n ${figure.n}` : "—";
      }),
    ]);
    return [
      heading,
      h(
        "p",
        { class: "hint" },
        "Ranges are 95% intervals. Residents who did not answer this question are in no group.",
      ),
      dataTable(
        `Index scores (0–100) by ${grouping[1].toLowerCase()}`,
        [
          { label: grouping[1], rowHeader: true },
          { label: "Responses" },
          ...keys.map((key) => ({ label: indexLabel(key) })),
        ],
        indexRows,
      ),
      questionRows.length > 0
        ? dataTable(
            `Average answer by ${grouping[1].toLowerCase()}`,
            [{ label: "Question", rowHeader: true }, ...result.groups.map((g) => ({ label: groupName(g) }))],
            questionRows,
          )
        : null,
    ];
  });
  body.append(form, outcome);
}
