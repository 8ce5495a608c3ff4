import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems, type Problem } from "../errors.js";
import { idFor, textField } from "../fields.js";
import type { Shell } from "../shell.js";
import type { AgencySettings } from "./settings.js";

const VARIABLES = [
  ["district", "District", "One line per district code, e.g. D1 41250."],
  ["age", "Age band", "e.g. 18_24 9100 — codes as in the survey's age question."],
  ["gender", "Gender", "e.g. woman 50100 — codes as in the survey's gender question."],
  ["race", "Race and ethnicity", "e.g. hispanic 22000 — codes as in the survey's question."],
] as const;

/** Shares are shown back as counts per 1,000 residents: the same proportions, in the form typed in. */
const toText = (shares: Record<string, number> | undefined): string =>
  Object.entries(shares ?? {})
    .map(([code, share]) => `${code} ${Math.round(share * 1000)}`)
    .join("\n");

function parseCounts(variable: string, text: string, problems: Problem[]): Record<string, number> | null {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return null;
  const counts: Record<string, number> = {};
  lines.forEach((line, i) => {
    const match = /^(\S+)\s+([\d,]+)$/.exec(line);
    if (!match)
      problems.push({
        path: `counts.${variable}`,
        message: `Line ${i + 1} needs a code, a space, then a whole number.`,
      });
    else counts[match[1]!] = Number(match[2]!.replace(/,/g, ""));
  });
  return counts;
}

/**
 * Population margins for weighting, entered as census counts: the server turns them into
 * shares (POST /agency/margins/from-counts), so nobody has to make percentages add up.
 */
export function marginsSection(shell: Shell, agency: AgencySettings): HTMLElement {
  const texts: Record<string, string> = Object.fromEntries(
    VARIABLES.map(([key]) => [key, toText(agency.margins[key])]),
  );
  const summaryHost = h("div", { class: "summary-host" });
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "margins-heading", novalidate: true },
    h("h2", { id: "margins-heading" }, "Population margins"),
    h(
      "p",
      { class: "hint" },
      "Census counts of your residents, used to weight results. Enter a code and a count per line; leave a box empty to keep it as it is.",
    ),
    summaryHost,
    h(
      "div",
      { class: "side-by-side" },
      ...VARIABLES.map(([key, label, hint]) =>
        textField({
          label,
          path: `counts.${key}`,
          value: texts[key] ?? "",
          multiline: true,
          hint,
          onInput: (v) => (texts[key] = v),
        }),
      ),
    ),
    h("button", { type: "submit" }, "Save population counts"),
  );
  for (const [key] of VARIABLES) form.querySelector(`#${idFor(`counts.${key}`)}`)?.setAttribute("rows", "4");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problems: Problem[] = [];
    const counts: Record<string, Record<string, number>> = {};
    for (const [key] of VARIABLES) {
      const parsed = parseCounts(key, texts[key] ?? "", problems);
      if (parsed) counts[key] = parsed;
    }
    if (problems.length > 0)
      return showProblems(form, summaryHost, problemCount(problems.length, "the counts"), problems);
    if (Object.keys(counts).length === 0) return shell.announce("Enter counts for at least one variable.");
    try {
      await api("POST", "/agency/margins/from-counts", { counts });
      summaryHost.replaceChildren();
      shell.announce("Population margins saved.");
    } catch (error) {
      const found = problemsOf(error);
      showProblems(form, summaryHost, problemCount(found.length, "the counts"), found, describeError(error));
    }
  });
  return form;
}
