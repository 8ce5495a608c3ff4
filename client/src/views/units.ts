import { INDEX_LABELS, type IndexKey } from "@shared/indices.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import type { Shell } from "../shell.js";

interface Estimate {
  estimate: number;
  ci95: [number, number];
}
interface Group {
  n: number | { suppressed: true };
  indices: Partial<Record<IndexKey, Estimate>>;
}
interface UnitBody extends Group {
  unit: string;
  minimumN: number;
  agencyMean: Partial<Record<IndexKey, number>>;
  officers: Array<Group & { officer: string }>;
}
interface SurveyChoice {
  id: string;
  title: string;
}

/** The indices the screen shows, when the survey has them: the overall ones, not the parts. */
const SHOWN: IndexKey[] = ["procedural_justice", "trust"];

const count = (n: Group["n"], k: number): string => (typeof n === "number" ? String(n) : `fewer than ${k}`);
const estimateText = (e: Estimate | undefined): string =>
  e ? `${e.estimate.toFixed(1)} (${e.ci95[0].toFixed(1)} to ${e.ci95[1].toFixed(1)})` : "not shown";

/** The survey the screen reads: `?survey=` in the hash when it is one of them, else the first. */
function chosenSurvey(surveys: SurveyChoice[]): SurveyChoice | undefined {
  const asked = new URLSearchParams(location.hash.split("?")[1] ?? "").get("survey");
  return surveys.find((s) => s.id === asked) ?? surveys[0];
}

function surveyPicker(
  shell: Shell,
  surveys: SurveyChoice[],
  chosen: SurveyChoice,
  base: string,
): HTMLElement {
  const select = h(
    "select",
    { id: "units-survey" },
    ...surveys.map((s) => h("option", { value: s.id, selected: s.id === chosen.id }, s.title)),
  );
  select.addEventListener("change", () => shell.navigate(`${base}?survey=${select.value}`));
  return h("div", { class: "field" }, h("label", { for: "units-survey" }, "Survey"), select);
}

/** Rows ordered as the server gives them (by unit or badge), never by score. */
function groupTable(
  caption: string,
  rows: Array<{ name: string; group: Group }>,
  k: number,
  keys: IndexKey[],
) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", {}, caption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Name"),
          h("th", { scope: "col" }, "Responses"),
          ...keys.map((key) => h("th", { scope: "col" }, `${INDEX_LABELS[key]} (95% interval)`)),
        ),
      ),
      h(
        "tbody",
        {},
        ...rows.map(({ name, group }) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, name),
            h("td", { "data-col": "Responses" }, count(group.n, k)),
            ...keys.map((key) =>
              h(
                "td",
                { "data-col": `${INDEX_LABELS[key]} (95% interval)` },
                estimateText(group.indices[key]),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

const explainer = (k: number) =>
  h(
    "p",
    { class: "hint" },
    `Scores are 0–100, shrunk toward the agency average so that a few answers cannot make a unit or officer look unusually good or bad. Anyone with fewer than ${k} responses is not shown. Lists are in order of unit and badge, not of score.`,
  );

/** Units the person may open (supervisors: theirs), or one unit with its officers. */
export async function showUnits(shell: Shell, unit?: string): Promise<void> {
  const list = await api<{ units: string[]; surveys: SurveyChoice[]; k: number }>("GET", "/units");
  const heading = h("h1", { tabindex: "-1" }, unit ? `Unit ${unit}` : "Units");
  const chosen = chosenSurvey(list.surveys);
  const base = unit ? `#/units/${encodeURIComponent(unit)}` : "#/units";
  if (!chosen) {
    shell.view.replaceChildren(heading, h("p", {}, "There is no published post-contact survey yet."));
    return shell.arrived(heading, heading.textContent ?? "");
  }
  const parts: HTMLElement[] = [heading, surveyPicker(shell, list.surveys, chosen, base)];
  if (!unit) {
    parts.push(
      list.units.length === 0
        ? h("p", {}, "No units yet: a supervisor's units are set by an admin on the Staff screen.")
        : h(
            "ul",
            { class: "unit-list" },
            ...list.units.map((u) =>
              h(
                "li",
                {},
                h("a", { href: `#/units/${encodeURIComponent(u)}?survey=${chosen.id}` }, `Unit ${u}`),
              ),
            ),
          ),
    );
  } else {
    const body = await api<UnitBody>("GET", `/units/${encodeURIComponent(unit)}/results?survey=${chosen.id}`);
    const keys = SHOWN.filter((key) => body.agencyMean[key] !== undefined);
    const average = keys.map((key) => `${INDEX_LABELS[key]} ${body.agencyMean[key]!.toFixed(1)}`).join(", ");
    parts.push(
      explainer(body.minimumN),
      h("p", {}, `Agency average: ${average || "no scores yet"}.`),
      groupTable("The unit", [{ name: `Unit ${unit}`, group: body }], body.minimumN, keys),
      body.officers.length > 0
        ? groupTable(
            "Officers of the unit, by badge",
            body.officers.map((o) => ({ name: o.officer, group: o })),
            body.minimumN,
            keys,
          )
        : h("p", {}, "No officer's figures are shown for this unit."),
      h("p", {}, h("a", { href: `#/units?survey=${chosen.id}` }, "All units")),
    );
  }
  shell.view.replaceChildren(...parts);
  shell.arrived(heading, heading.textContent ?? "");
}

/** An officer's own feedback and the (redacted) words of residents who commended them. */
export async function showMyFeedback(shell: Shell): Promise<void> {
  const first = await api<{ surveys: SurveyChoice[] }>("GET", "/officers/me/feedback");
  const chosen = chosenSurvey(first.surveys);
  const mine = await api<{
    badge: string;
    minimumN: number;
    feedback: (Group & { agencyMean: Partial<Record<IndexKey, number>> }) | null;
    commendations: { count: number; notes: string[] };
  }>("GET", `/officers/me/feedback${chosen ? `?survey=${chosen.id}` : ""}`);
  const heading = h("h1", { tabindex: "-1" }, "My feedback");
  const parts: HTMLElement[] = [heading, h("p", {}, `Badge ${mine.badge}.`)];
  if (chosen && mine.feedback) {
    const keys = SHOWN.filter((key) => mine.feedback!.agencyMean[key] !== undefined);
    parts.push(
      surveyPicker(shell, first.surveys, chosen, "#/me"),
      explainer(mine.minimumN),
      groupTable(
        "Your responses, all units together",
        [{ name: "You", group: mine.feedback }],
        mine.minimumN,
        keys,
      ),
    );
  }
  const { count: commended, notes } = mine.commendations;
  parts.push(
    h("h2", {}, "Commendations"),
    h("p", {}, commended === 1 ? "One resident commended you." : `${commended} residents commended you.`),
    ...(notes.length > 0 ? [h("ul", { class: "notes" }, ...notes.map((note) => h("li", {}, note)))] : []),
  );
  shell.view.replaceChildren(...parts);
  shell.arrived(heading, heading.textContent ?? "");
}
