import { roleAtLeast } from "@shared/accounts.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import { languageName, textIn } from "../languages.js";
import { surveyHref, type Shell } from "../shell.js";
import type { Agency, Survey, Template } from "../types.js";
import { confirmClose, statusLabel } from "./survey-nav.js";

const BLANK = "blank";

/** A new survey from nothing: one question to start from, in the agency's first language. */
function blankDefinition(agency: Agency) {
  const language = agency.languages[0] ?? "en";
  return {
    title: { [language]: "Untitled survey" },
    kind: "community",
    languages: [language],
    questions: [{ id: "q_1", type: "likert", prompt: { [language]: "New question" }, required: false }],
  };
}

function surveysTable(shell: Shell, surveys: Survey[], refresh: () => Promise<void>): HTMLElement {
  if (surveys.length === 0) return h("p", {}, "No surveys yet. Start one below.");
  const canEdit = roleAtLeast(shell.user.role, "designer");
  const act = async (survey: Survey, action: "publish" | "close", done: string) => {
    if (action === "close" && !(await confirmClose(survey))) return;
    try {
      await api("POST", `/surveys/${survey.id}/${action}`);
      await refresh();
      shell.announce(done);
    } catch (error) {
      const problems = problemsOf(error);
      shell.announce(
        `${describeError(error)} ${problems.length > 0 ? "Open the survey to see what to fix." : ""}`.trim(),
      );
    }
  };
  const rows = surveys.map((survey) => {
    const title = textIn(survey.title, survey.languages[0]!) || "Untitled survey";
    const actions: HTMLElement[] = [
      h(
        "a",
        { href: surveyHref(survey.id), class: "button-link" },
        canEdit ? `Edit` : "View",
        h("span", { class: "visually-hidden" }, ` ${title}`),
      ),
    ];
    if (survey.status !== "draft") {
      actions.push(
        h(
          "a",
          { href: surveyHref(survey.id, "dashboard"), class: "button-link" },
          "Results",
          h("span", { class: "visually-hidden" }, ` of ${title}`),
        ),
      );
      actions.push(
        h(
          "a",
          { href: surveyHref(survey.id, "share"), class: "button-link" },
          "QR code and print",
          h("span", { class: "visually-hidden" }, ` for ${title}`),
        ),
      );
    }
    if (canEdit && survey.status !== "open") {
      actions.push(
        h(
          "button",
          { type: "button", onclick: () => void act(survey, "publish", `Published ${title}.`) },
          survey.status === "closed" ? "Reopen" : "Publish",
          h("span", { class: "visually-hidden" }, ` ${title}`),
        ),
      );
    }
    if (canEdit && survey.status === "open") {
      actions.push(
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => void act(survey, "close", `Closed ${title}.`),
          },
          "Close",
          h("span", { class: "visually-hidden" }, ` ${title}`),
        ),
      );
    }
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, h("a", { href: surveyHref(survey.id) }, title)),
      h("td", { "data-col": "Status" }, statusLabel(survey)),
      h("td", { "data-col": "Version" }, String(survey.version)),
      h("td", { "data-col": "Languages" }, survey.languages.map(languageName).join(", ")),
      h(
        "td",
        { "data-col": "Public link" },
        survey.status === "open" ? h("a", { href: `/s/${survey.slug}` }, `/s/${survey.slug}`) : "—",
      ),
      h("td", { "data-col": "Actions" }, h("div", { class: "actions" }, ...actions)),
    );
  });
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", { class: "visually-hidden" }, "Your agency's surveys"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Title", "Status", "Version", "Languages", "Public link", "Actions"].map((t) =>
            h("th", { scope: "col" }, t),
          ),
        ),
      ),
      h("tbody", {}, ...rows),
    ),
  );
}

function newSurveyForm(shell: Shell, templates: Template[], agency: Agency): HTMLElement {
  const choice = (value: string, label: string, description: string, checked: boolean) => {
    const id = `start-${value}`;
    return h(
      "div",
      { class: "check choice" },
      h("input", { type: "radio", name: "start", value, id, checked, "aria-describedby": `${id}-about` }),
      h("label", { for: id }, label),
      h("p", { class: "hint", id: `${id}-about` }, description),
    );
  };
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "new-heading", novalidate: true },
    h("h2", { id: "new-heading" }, "Start a new survey"),
    h(
      "fieldset",
      {},
      h("legend", {}, "Start from"),
      ...templates.map((t, i) =>
        choice(
          t.id,
          textIn(t.title, "en"),
          `${textIn(t.description, "en")} ${t.questions.length} questions in ${t.languages.map(languageName).join(" and ")}.`,
          i === 0,
        ),
      ),
      choice(BLANK, "A blank survey", "One question to start from; add your own.", false),
    ),
    h("button", { type: "submit" }, "Create draft"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const start = new FormData(form).get("start");
    try {
      const body = start === BLANK ? blankDefinition(agency) : { template: String(start) };
      const { survey } = await api<{ survey: Survey }>("POST", "/surveys", body);
      shell.navigate(surveyHref(survey.id), "Draft created.");
    } catch (error) {
      shell.announce(describeError(error));
    }
  });
  return form;
}

function importForm(shell: Shell): HTMLElement {
  const summaryHost = h("div", { class: "summary-host" });
  const file = h("input", {
    type: "file",
    id: "import-file",
    accept: ".json,application/json",
    "data-path": "file",
    "data-label": "Survey file",
  });
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "import-heading", novalidate: true },
    h("h2", { id: "import-heading" }, "Import a survey file"),
    h(
      "p",
      { class: "hint", id: "import-hint" },
      "A file exported from Community Pulse (Export JSON). It becomes a new draft.",
    ),
    summaryHost,
    h("div", { class: "field" }, h("label", { for: "import-file" }, "Survey file (JSON)"), file),
    h("button", { type: "submit", class: "secondary" }, "Import"),
  );
  file.setAttribute("aria-describedby", "import-hint");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    const report = (problems: Array<{ path: string; message: string }>, lead: string) =>
      showProblems(form, summaryHost, problemCount(problems.length, "this file"), problems, lead);
    if (!chosen) return report([{ path: "file", message: "Choose a file to import." }], "");
    let parsed: unknown;
    try {
      parsed = JSON.parse(await chosen.text());
    } catch {
      return report([{ path: "file", message: "The file is not valid JSON." }], "");
    }
    try {
      const { survey } = await api<{ survey: Survey }>("POST", "/surveys/import", parsed);
      shell.navigate(surveyHref(survey.id), "Survey imported as a new draft.");
    } catch (error) {
      report(problemsOf(error), describeError(error));
    }
  });
  return form;
}

/** The agency's surveys, and (for designers) starting one from a template, from scratch or from a file. */
export async function showSurveyList(shell: Shell): Promise<void> {
  const [{ surveys }, { templates }, { agency }] = await Promise.all([
    api<{ surveys: Survey[] }>("GET", "/surveys"),
    api<{ templates: Template[] }>("GET", "/templates"),
    api<{ agency: Agency }>("GET", "/agency"),
  ]);
  const heading = h("h1", { tabindex: "-1" }, "Surveys");
  const tableHost = h(
    "section",
    { "aria-labelledby": "list-heading" },
    h("h2", { id: "list-heading", class: "visually-hidden" }, "Your surveys"),
  );
  const refresh = async () => {
    const reply = await api<{ surveys: Survey[] }>("GET", "/surveys");
    tableHost.replaceChildren(tableHost.firstChild!, surveysTable(shell, reply.surveys, refresh));
  };
  tableHost.append(surveysTable(shell, surveys, refresh));
  const canEdit = roleAtLeast(shell.user.role, "designer");
  shell.view.replaceChildren(
    heading,
    tableHost,
    ...(canEdit ? [newSurveyForm(shell, templates, agency), importForm(shell)] : []),
  );
  shell.arrived(heading, "Surveys");
}
