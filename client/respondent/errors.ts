import type { AnswerProblem } from "@shared/answers.js";
import { problemMessage } from "@shared/i18n/problems.js";
import type { UiStrings } from "@shared/i18n/strings.js";
import { blockId, errorId, firstFieldId } from "@shared/respondent-form.js";
import type { Question } from "@shared/survey.js";
import type { SurveyData } from "./data.js";

/**
 * Shows answer problems exactly as the server's no-script page does: a summary at the top
 * whose links move to each field, and the message beside the question.
 */
export function showProblems(
  data: SurveyData,
  problems: readonly AnswerProblem[],
  focusSummary: boolean,
): void {
  clearProblems();
  const form = document.getElementById("survey")!;
  // Problem wording needs only the error strings; the rest of UiStrings is not on the page.
  const strings = data.strings as unknown as UiStrings;
  const entries: Array<{ question: Question; itemId?: string; message: string }> = [];
  for (const problem of problems) {
    const [, questionId, itemId] = problem.path.split(".");
    const question = data.questions.find((q) => q.id === questionId) ?? data.questions[0];
    if (!question) continue;
    const message = problemMessage(problem, question, strings, data.language);
    entries.push({ question, itemId: question.type === "matrix" ? itemId : undefined, message });
    const slot = document.getElementById(errorId(question.id));
    const p = document.createElement("p");
    p.textContent = message;
    slot?.append(p);
    document.getElementById(blockId(question.id))?.classList.add("has-error");
    const described =
      slot?.parentElement?.closest("fieldset") ?? form.querySelector(`#${firstFieldId(question)}`);
    if (described && !described.getAttribute("aria-describedby")?.includes(errorId(question.id))) {
      described.setAttribute(
        "aria-describedby",
        `${described.getAttribute("aria-describedby") ?? ""} ${errorId(question.id)}`.trim(),
      );
    }
  }
  if (entries.length === 0) return;

  const summary = document.createElement("div");
  summary.className = "error-summary";
  summary.id = "error-summary";
  summary.tabIndex = -1;
  summary.setAttribute("role", "alert");
  summary.setAttribute("aria-labelledby", "error-summary-title");
  const heading = document.createElement("h2");
  heading.id = "error-summary-title";
  heading.textContent = data.strings.errorSummary;
  const list = document.createElement("ul");
  for (const entry of entries) {
    const link = document.createElement("a");
    link.href = `#${firstFieldId(entry.question, entry.itemId)}`;
    link.textContent = `${entry.question.prompt[data.language] ?? ""} — ${entry.message}`;
    link.dataset["q"] = entry.question.id;
    const item = document.createElement("li");
    item.append(link);
    list.append(item);
  }
  summary.append(heading, list);
  form.before(summary);
  if (!document.title.startsWith(data.strings.errorTitlePrefix)) {
    document.title = `${data.strings.errorTitlePrefix} ${document.title}`;
  }
  if (focusSummary) summary.focus();
}

/**
 * Removes every message (before a new check), or one question's once its answer is fixed: its
 * message and its line in the summary, and the summary itself when no line is left.
 */
export function clearProblems(questionId?: string): void {
  const scope = questionId ? document.getElementById(blockId(questionId)) : document;
  scope?.querySelectorAll(".field-error").forEach((slot) => slot.replaceChildren());
  if (questionId) {
    document.getElementById(blockId(questionId))?.classList.remove("has-error");
    const summary = document.getElementById("error-summary");
    summary
      ?.querySelectorAll(`a[data-q="${CSS.escape(questionId)}"]`)
      .forEach((link) => link.closest("li")?.remove());
    if (summary && !summary.querySelector("li")) summary.remove();
  } else {
    document.querySelectorAll(".has-error").forEach((b) => b.classList.remove("has-error"));
    document.getElementById("error-summary")?.remove();
  }
}
