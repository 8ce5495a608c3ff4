import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import { checkboxField, selectField, textField } from "../fields.js";
import type { Shell } from "../shell.js";
import type { Survey } from "../types.js";

interface Action {
  id: string;
  title: string;
  body: string;
  surveyId: string | null;
  indicator: string | null;
  date: string;
  status: "planned" | "in_progress" | "done";
}
type Draft = Omit<Action, "id">;
type Published = Survey & { public?: { published: boolean; questions: string[] } };

const STATUSES = [
  { value: "planned", label: "Planned" },
  { value: "in_progress", label: "In progress" },
  { value: "done", label: "Done" },
];
/** The indices the public page can show, named as the public reads them. */
const INDICES: Record<string, string> = {
  procedural_justice: "Fair treatment (index)",
  procedural_justice_voice: "Being listened to (index)",
  procedural_justice_neutrality: "Fair decisions (index)",
  procedural_justice_respect: "Respect (index)",
  procedural_justice_motives: "Good intentions (index)",
  trust: "Trust (index)",
  safety: "Feeling safe (index)",
};
const PUBLISHABLE = (q: Survey["questions"][number]) => q.type !== "text" && q.type !== "date";
const titleOf = (s: Survey) => s.title["en"] ?? Object.values(s.title)[0] ?? s.slug;
const today = () => new Date().toISOString().slice(0, 10);

/** One survey's publication: shown or not, and which questions. */
function publicationForm(shell: Shell, survey: Published): HTMLElement {
  const chosen = new Set(survey.public?.questions ?? []);
  let published = survey.public?.published ?? false;
  const summaryHost = h("div");
  const name = titleOf(survey);
  const boxes = survey.questions.filter(PUBLISHABLE).map((q) =>
    checkboxField({
      label: q.prompt["en"] ?? Object.values(q.prompt)[0] ?? q.id,
      path: `pub-${survey.id}-${q.id}`,
      checked: chosen.has(q.id),
      onChange: (on) => (on ? chosen.add(q.id) : chosen.delete(q.id)),
    }),
  );
  const form = h(
    "form",
    { class: "panel", novalidate: true },
    h("h3", {}, name),
    summaryHost,
    checkboxField({
      label: "Show this survey's results on the public page",
      path: `pub-${survey.id}`,
      checked: published,
      onChange: (on) => (published = on),
    }),
    h(
      "fieldset",
      { "data-path": "questions", "data-label": "Questions" },
      h("legend", {}, "Questions shown"),
      ...boxes,
    ),
    h("button", { type: "submit" }, `Save what “${name}” shows`),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const questions = survey.questions.filter((q) => chosen.has(q.id)).map((q) => q.id);
    try {
      await api("PUT", `/surveys/${survey.id}/publication`, { published, questions });
      summaryHost.replaceChildren();
      shell.announce(`Saved what “${name}” shows on the public page.`);
    } catch (error) {
      const found = problemsOf(error);
      showProblems(form, summaryHost, problemCount(found.length, name), found, describeError(error));
    }
  });
  return form;
}

function indicatorChoices(surveys: Survey[], surveyId: string | null) {
  const survey = surveys.find((s) => s.id === surveyId);
  const questions = (survey?.questions ?? [])
    .filter(PUBLISHABLE)
    .map((q) => ({ value: q.id, label: q.prompt["en"] ?? q.id }));
  return [
    { value: "", label: "None" },
    ...Object.entries(INDICES).map(([value, label]) => ({ value, label })),
    ...questions,
  ];
}

/** The add/edit form for one action; `onDone` redraws the list. */
function actionForm(
  shell: Shell,
  surveys: Survey[],
  editing: Action | null,
  onDone: () => void,
): HTMLElement {
  const draft: Draft = editing
    ? { ...editing }
    : { title: "", body: "", surveyId: null, indicator: null, date: today(), status: "planned" };
  const summaryHost = h("div");
  const indicatorHost = h("div");
  const drawIndicator = () =>
    indicatorHost.replaceChildren(
      selectField({
        label: "Result it answers",
        path: "indicator",
        value: draft.indicator ?? "",
        choices: indicatorChoices(surveys, draft.surveyId),
        onChange: (v) => (draft.indicator = v || null),
      }),
    );
  drawIndicator();
  const heading = editing ? `Edit “${editing.title}”` : "Add an action";
  const form = h(
    "form",
    { class: "panel", novalidate: true, "aria-labelledby": "action-form-heading" },
    h("h3", { id: "action-form-heading" }, heading),
    summaryHost,
    textField({
      label: "Title",
      path: "title",
      value: draft.title,
      maxLength: 200,
      required: true,
      onInput: (v) => (draft.title = v),
    }),
    textField({
      label: "What you heard and what you did",
      path: "body",
      value: draft.body,
      multiline: true,
      maxLength: 4000,
      onInput: (v) => (draft.body = v),
    }),
    selectField({
      label: "Survey",
      path: "surveyId",
      value: draft.surveyId ?? "",
      choices: [
        { value: "", label: "None (agency-wide)" },
        ...surveys.map((s) => ({ value: s.id, label: titleOf(s) })),
      ],
      onChange: (v) => {
        draft.surveyId = v || null;
        draft.indicator = null;
        drawIndicator();
      },
    }),
    indicatorHost,
    textField({
      label: "Date",
      path: "date",
      value: draft.date,
      hint: "As 2026-03-14.",
      onInput: (v) => (draft.date = v),
    }),
    selectField({
      label: "Status",
      path: "status",
      value: draft.status,
      choices: STATUSES,
      onChange: (v) => (draft.status = v as Action["status"]),
    }),
    h(
      "div",
      { class: "actions-row" },
      h("button", { type: "submit" }, editing ? "Save action" : "Add action"),
      editing ? h("button", { type: "button", class: "secondary", onclick: onDone }, "Cancel") : null,
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (editing) await api("PATCH", `/actions/${editing.id}`, draft);
      else await api("POST", "/actions", draft);
      shell.announce(editing ? "Action saved." : "Action added.");
      onDone();
    } catch (error) {
      const found = problemsOf(error);
      showProblems(form, summaryHost, problemCount(found.length, "the action"), found, describeError(error));
    }
  });
  return form;
}

function actionsSection(shell: Shell, surveys: Survey[]): HTMLElement {
  const host = h("section", { class: "panel", "aria-labelledby": "actions-heading" });
  const draw = async (editing: Action | null = null) => {
    const { actions } = await api<{ actions: Action[] }>("GET", "/actions");
    const label = (s: Action["status"]) => STATUSES.find((x) => x.value === s)?.label ?? s;
    const items = actions.map((a) =>
      h(
        "li",
        {},
        h("strong", {}, a.title),
        ` — ${label(a.status)}, ${a.date} `,
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            "aria-label": `Edit “${a.title}”`,
            onclick: () => void draw(a),
          },
          "Edit",
        ),
        " ",
        h(
          "button",
          {
            type: "button",
            class: "secondary danger",
            "aria-label": `Delete “${a.title}”`,
            onclick: async () => {
              if (!window.confirm(`Delete “${a.title}”?`)) return;
              try {
                await api("DELETE", `/actions/${a.id}`);
                shell.announce("Action deleted.");
              } catch (error) {
                shell.announce(describeError(error));
              }
              void draw();
            },
          },
          "Delete",
        ),
      ),
    );
    host.replaceChildren(
      h("h2", { id: "actions-heading" }, "You said, we did"),
      actions.length ? h("ul", { class: "link-list" }, ...items) : h("p", {}, "No actions yet."),
      actionForm(shell, surveys, editing, () => void draw()),
    );
    if (editing) host.querySelector<HTMLElement>("#f-title")?.focus();
  };
  void draw().catch((error: unknown) => shell.announce(describeError(error)));
  return host;
}

/** Admins choose what the public results page shows and post "you said, we did" actions. */
export async function showPublishing(shell: Shell): Promise<void> {
  const [{ surveys }, { agency }] = await Promise.all([
    api<{ surveys: Published[] }>("GET", "/surveys"),
    api<{ agency: { slug: string } }>("GET", "/agency"),
  ]);
  const shown = surveys.filter((s) => s.status !== "draft");
  const heading = h("h1", { tabindex: "-1" }, "Public results page");
  shell.view.replaceChildren(
    heading,
    h(
      "p",
      {},
      "Residents see published results, with small groups hidden, at ",
      h("a", { href: `/p/${encodeURIComponent(agency.slug)}` }, `/p/${agency.slug}`),
      ".",
    ),
    h(
      "section",
      { "aria-labelledby": "published-heading" },
      h("h2", { id: "published-heading" }, "Published surveys"),
      ...(shown.length
        ? shown.map((s) => publicationForm(shell, s))
        : [h("p", {}, "No open or closed surveys yet.")]),
    ),
    actionsSection(shell, surveys),
  );
  shell.arrived(heading, "Public results page");
}
