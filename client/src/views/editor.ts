import { roleAtLeast } from "@shared/accounts.js";
import { QUESTION_TYPES, LIMITS, type Question, type QuestionType } from "@shared/survey.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { cleanDefinition, definitionDiffers, editableCopy, questionsDiffer } from "../editor/definition.js";
import { detailsSection } from "../editor/details-section.js";
import { languagesSection } from "../editor/languages-section.js";
import { questionEditor } from "../editor/question-editor.js";
import { blankQuestion, freshId, TYPE_LABELS } from "../editor/question-types.js";
import { moveItem } from "../editor/context.js";
import { clearProblems, describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import { idFor } from "../fields.js";
import { textIn } from "../languages.js";
import { surveyHref, type Shell } from "../shell.js";
import type { Agency, Definition, Survey, Template } from "../types.js";
import { confirmClose, statusLabel, surveyNav } from "./survey-nav.js";

const QUESTIONS_HEADING = "questions-heading";

/**
 * The survey editor: details, languages, questions (every type, options, scales, themes,
 * weighting roles, skip logic, translations side by side, reordering), then save, publish or
 * close. Server errors land next to their fields and in a summary at the top.
 */
export async function showEditor(shell: Shell, surveyId: string): Promise<void> {
  const [{ survey: loaded }, { agency }, { templates }] = await Promise.all([
    api<{ survey: Survey }>("GET", `/surveys/${surveyId}`),
    api<{ agency: Agency }>("GET", "/agency"),
    api<{ templates: Template[] }>("GET", "/templates"),
  ]);
  const canEdit = roleAtLeast(shell.user.role, "designer");
  let survey = loaded;
  let draft: Definition = editableCopy(survey);
  // Stable keys per question, so open/closed state follows a question when it moves.
  const keys = draft.questions.map((_, i) => i);
  let nextKey = keys.length;
  const open = new Set<number>();
  const themes = new Set(templates.flatMap((t) => t.questions.flatMap((q) => (q.theme ? [q.theme] : []))));

  const summaryHost = h("div", { class: "summary-host" });
  const dirtyNote = h("p", { class: "dirty-note", id: "dirty-note" });
  const versionNote = h("p", { class: "notice", id: "version-note" });

  const refreshNotes = () => {
    const dirty = definitionDiffers(draft, survey);
    dirtyNote.textContent = dirty ? "You have unsaved changes." : "All changes are saved.";
    const bump = survey.hasResponses && questionsDiffer(draft, survey);
    versionNote.hidden = !survey.hasResponses;
    versionNote.textContent = bump
      ? `You changed questions of a survey that has responses. Saving creates version ${survey.version + 1}; answers already given stay with version ${survey.version}.`
      : `This survey has responses to version ${survey.version}. Changing its questions will create version ${survey.version + 1}.`;
    versionNote.classList.toggle("warning", bump);
  };
  const changed = () => refreshNotes();

  const renameId = (oldId: string, newId: string) => {
    for (const q of draft.questions) if (q.showIf?.question === oldId) q.showIf.question = newId;
    for (const option of shell.view.querySelectorAll<HTMLOptionElement>(
      'select[data-path$=".showIf.question"] option',
    )) {
      if (option.value === oldId) option.value = newId;
    }
  };

  const questionList = () => {
    const list = h("ol", { class: "questions" });
    draft.questions.forEach((question, index) => {
      const key = keys[index]!;
      list.append(
        h(
          "li",
          { "data-key": String(key) },
          questionEditor(question, {
            index,
            questions: draft.questions,
            languages: draft.languages,
            districts: agency.districts,
            themeList: "theme-suggestions",
            open: open.has(key),
            onToggle: (isOpen) => (isOpen ? open.add(key) : open.delete(key)),
            changed,
            redraw: (focusId) => render(focusId),
            announce: shell.announce,
            move: (from, to) => {
              moveItem(draft.questions, from, to);
              moveItem(keys, from, to);
            },
            remove: () => {
              draft.questions.splice(index, 1);
              keys.splice(index, 1);
            },
            replace: (next: Question) => {
              draft.questions[index] = next;
            },
            renameId,
            afterRemoveFocus: QUESTIONS_HEADING,
          }),
        ),
      );
    });
    return list;
  };

  const addQuestion = () => {
    const type = (shell.view.querySelector<HTMLSelectElement>("#new-question-type")?.value ??
      "likert") as QuestionType;
    const id = freshId(draft.questions.map((q) => q.id));
    draft.questions.push(blankQuestion(type, id, draft.languages));
    keys.push(nextKey);
    open.add(nextKey++);
    render(idFor(`questions.${draft.questions.length - 1}.prompt.${draft.languages[0]}`));
    shell.announce(`Question ${draft.questions.length} added.`);
  };

  const save = async (): Promise<boolean> => {
    const before = survey.version;
    try {
      const reply = await api<{ survey: Survey }>("PATCH", `/surveys/${survey.id}`, cleanDefinition(draft));
      survey = reply.survey;
      draft = editableCopy(survey);
      render("save");
      shell.announce(
        survey.version > before
          ? `Saved as version ${survey.version}. Answers already given stay with version ${before}.`
          : "Saved.",
      );
      return true;
    } catch (error) {
      fail(error, "this survey");
      return false;
    }
  };

  const fail = (error: unknown, what: string) => {
    const problems = problemsOf(error);
    const form = shell.view.querySelector<HTMLElement>("form.editor")!;
    showProblems(form, summaryHost, problemCount(problems.length, what), problems, describeError(error));
  };

  const setStatus = async (action: "publish" | "close") => {
    if (action === "close" && !(await confirmClose(survey))) return;
    if (action === "publish" && definitionDiffers(draft, survey) && !(await save())) return;
    try {
      const reply = await api<{ survey: Survey }>("POST", `/surveys/${survey.id}/${action}`);
      survey = reply.survey;
      draft = editableCopy(survey);
      render(action === "publish" ? "close" : "publish");
      shell.announce(
        action === "publish"
          ? `Published. Residents can answer at /s/${survey.slug}. Its QR code and cards are under "QR code and print".`
          : "Closed. The survey no longer takes responses.",
      );
    } catch (error) {
      fail(error, action === "publish" ? "publishing" : "closing");
    }
  };

  const actions = () =>
    h(
      "div",
      { class: "actions-bar" },
      canEdit ? h("button", { type: "submit", id: "save" }, "Save") : null,
      canEdit && survey.status !== "open"
        ? h(
            "button",
            { type: "button", id: "publish", onclick: () => void setStatus("publish") },
            survey.status === "closed" ? "Reopen" : "Publish",
          )
        : null,
      canEdit && survey.status === "open"
        ? h(
            "button",
            { type: "button", id: "close", class: "secondary", onclick: () => void setStatus("close") },
            "Close survey",
          )
        : null,
      h(
        "a",
        { href: `/api/v1/surveys/${survey.id}/export.json`, download: "", class: "button-link" },
        "Export JSON",
      ),
      canEdit ? dirtyNote : null,
    );

  function render(focusId?: string): void {
    // The details "toggle" event is queued, so a quick change right after opening a question can
    // redraw before it arrives; the live DOM is the truth about what is open.
    for (const item of shell.view.querySelectorAll<HTMLLIElement>("ol.questions > li[data-key]")) {
      const details = item.querySelector<HTMLDetailsElement>(":scope > details.question");
      const key = Number(item.dataset.key);
      if (details?.open) open.add(key);
      else if (details) open.delete(key);
    }
    const title = textIn(survey.title, survey.languages[0]!) || "Untitled survey";
    const heading = h("h1", { tabindex: "-1" }, canEdit ? `Edit: ${title}` : title);
    const questionsHeading = h(
      "h2",
      { id: QUESTIONS_HEADING, tabindex: "-1" },
      `Questions (${draft.questions.length})`,
    );
    const toggleAll = (value: boolean) => {
      keys.forEach((key) => (value ? open.add(key) : open.delete(key)));
      for (const d of shell.view.querySelectorAll<HTMLDetailsElement>("details.question")) d.open = value;
    };
    const form = h(
      "form",
      { class: "editor", novalidate: true },
      detailsSection(draft, changed),
      languagesSection(draft, { changed, redraw: render, announce: shell.announce }),
      h(
        "section",
        { class: "panel", "aria-labelledby": QUESTIONS_HEADING },
        questionsHeading,
        h(
          "div",
          { class: "row-tools" },
          h(
            "button",
            { type: "button", class: "secondary keep", onclick: () => toggleAll(true) },
            "Open all questions",
          ),
          h(
            "button",
            { type: "button", class: "secondary keep", onclick: () => toggleAll(false) },
            "Close all questions",
          ),
        ),
        questionList(),
        canEdit
          ? h(
              "div",
              { class: "inline-fields add-row" },
              h(
                "div",
                { class: "field" },
                h("label", { for: "new-question-type" }, "Type of the new question"),
                h(
                  "select",
                  { id: "new-question-type" },
                  ...QUESTION_TYPES.map((t) => h("option", { value: t }, TYPE_LABELS[t])),
                ),
              ),
              h(
                "button",
                {
                  type: "button",
                  id: "add-question",
                  class: "secondary",
                  disabled: draft.questions.length >= LIMITS.questionsPerSurvey,
                  onclick: addQuestion,
                },
                "Add question",
              ),
            )
          : null,
      ),
      actions(),
      h("datalist", { id: "theme-suggestions" }, ...[...themes].sort().map((t) => h("option", { value: t }))),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void save();
    });
    if (!canEdit) {
      for (const control of form.querySelectorAll<HTMLInputElement>(
        "input, select, textarea, button:not(.keep)",
      ))
        control.disabled = true;
    }
    const hasResponsesLine = survey.hasResponses ? " · has responses" : "";
    shell.view.replaceChildren(
      heading,
      surveyNav(survey, "edit", canEdit),
      h(
        "p",
        { class: "meta-line" },
        `${statusLabel(survey)} · version ${survey.version}${hasResponsesLine}`,
        survey.status !== "draft"
          ? h("span", {}, " · ", h("a", { href: surveyHref(survey.id, "share") }, `/s/${survey.slug}`))
          : null,
      ),
      versionNote,
      summaryHost,
      form,
    );
    summaryHost.replaceChildren();
    clearProblems(form, summaryHost);
    refreshNotes();
    if (focusId) document.getElementById(focusId)?.focus();
    else shell.arrived(heading, `${canEdit ? "Edit" : "View"}: ${title}`);
  }

  shell.setLeaveGuard(() => canEdit && definitionDiffers(draft, survey));
  render();
}
