import { checkAnswers, type AnswerProblem } from "@shared/answers.js";
import { negotiateLanguage } from "@shared/i18n/negotiate.js";
import {
  blockId,
  firstFieldId,
  formToAnswers,
  PAGE_FIELDS,
  visibleQuestionIds,
  withoutHiddenAnswers,
} from "@shared/respondent-form.js";
import type { Answers } from "@shared/survey.js";
import { readSurveyData, type SurveyData } from "./data.js";
import { clearProblems, showProblems } from "./errors.js";
import { keepForOffline } from "./offline.js";
import { Stepper } from "./stepper.js";
import { draftKey, loadDraft, markSent, saveDraft, wasSent, type Draft } from "./storage.js";
import { attachOutbox, flushOutbox, queueAndSend, type SendOutcome } from "./submit.js";

const NARROW = "(max-width: 40rem)";
const LANGUAGE_CHOICE = "cp:lang";

/** Follows the person's earlier choice or the browser's languages when the URL names none. */
function followPreferredLanguage(data: SurveyData): boolean {
  const url = new URL(location.href);
  if (url.searchParams.has("lang")) return false;
  let chosen: string | null;
  try {
    chosen = localStorage.getItem(LANGUAGE_CHOICE);
  } catch {
    chosen = null;
  }
  const wanted =
    chosen && data.languages.includes(chosen)
      ? chosen
      : negotiateLanguage(navigator.languages, data.languages);
  if (wanted === data.language) return false;
  url.searchParams.set("lang", wanted);
  location.replace(url.href);
  return true;
}

function start(data: SurveyData): void {
  const form = document.getElementById("survey") as HTMLFormElement;
  const status = document.getElementById("status")!;
  const field = (name: string): HTMLInputElement =>
    form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
  const key = draftKey(data.slug, data.token);
  const commendation = () => {
    const box = form.querySelector<HTMLInputElement>(`input[name="${PAGE_FIELDS.commend}"]`);
    const note = form.querySelector<HTMLTextAreaElement>(`textarea[name="${PAGE_FIELDS.commendNote}"]`);
    return box?.checked ? { commendation: { note: note?.value.trim() ?? "" } } : {};
  };

  document.querySelectorAll<HTMLAnchorElement>("a[data-lang]").forEach((link) =>
    link.addEventListener("click", () => {
      try {
        localStorage.setItem(LANGUAGE_CHOICE, link.dataset["lang"]!);
      } catch {
        // Without storage the link still switches; only the memory of the choice is lost.
      }
    }),
  );

  const fields = (): Array<[string, string]> =>
    [...new FormData(form).entries()]
      .filter((entry): entry is [string, string] => typeof entry[1] === "string" && !entry[0].startsWith("_"))
      .filter(([, value]) => value !== "");
  const formAnswers = (): Answers => {
    const formData = new FormData(form);
    return formToAnswers(data.questions, (name) =>
      formData.getAll(name).filter((v): v is string => typeof v === "string"),
    );
  };
  // What would be sent: answers to questions that skip logic hides are left out.
  const answers = (): Answers => withoutHiddenAnswers(data.questions, formAnswers());

  // Restore what this device kept; a page from the offline cache may carry an id already used.
  const saved = loadDraft(key);
  if (saved) {
    field(PAGE_FIELDS.submissionId).value = saved.submissionId;
    field(PAGE_FIELDS.started).value = saved.started;
    for (const [name, value] of saved.fields) {
      const inputs = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
        `[name="${CSS.escape(name)}"]`,
      );
      inputs.forEach((input) => {
        if (input instanceof HTMLInputElement && (input.type === "radio" || input.type === "checkbox")) {
          if (input.value === value) input.checked = true;
        } else input.value = value;
      });
    }
    if (saved.fields.length > 0) status.textContent = data.strings.restored;
  } else if (wasSent(field(PAGE_FIELDS.submissionId).value)) {
    field(PAGE_FIELDS.submissionId).value = crypto.randomUUID();
  }

  const visible = (): Set<string> => visibleQuestionIds(data.questions, formAnswers());
  const applyVisibility = (): Set<string> => {
    const shown = visible();
    for (const q of data.questions) {
      const block = document.getElementById(blockId(q.id));
      if (block) block.hidden = !shown.has(q.id);
    }
    return shown;
  };

  const stepper = new Stepper(form, data, {
    canLeave: (questionId) => {
      const problems = problemsOf(questionId);
      if (problems.length === 0) return true;
      showProblems(data, problems, false);
      document.getElementById(firstFieldId(data.questions.find((q) => q.id === questionId)!))?.focus();
      return false;
    },
    onStep: () => save(),
  });
  const problemsOf = (questionId: string): AnswerProblem[] =>
    checkAnswers(data.questions, answers()).problems.filter(
      (p) => p.path === `answers.${questionId}` || p.path.startsWith(`answers.${questionId}.`),
    );

  const save = (): void => {
    const draft: Draft = {
      submissionId: field(PAGE_FIELDS.submissionId).value,
      started: field(PAGE_FIELDS.started).value,
      fields: fields(),
      step: stepper.questionId,
    };
    saveDraft(key, draft);
  };

  const narrow = matchMedia(NARROW);
  const layout = (): void => {
    const shown = applyVisibility();
    if (narrow.matches && !stepper.active) stepper.enable(shown, saved?.step ?? null);
    else if (!narrow.matches && stepper.active) stepper.disable();
  };
  narrow.addEventListener("change", layout);
  layout();

  // A message goes as soon as the answer is fixed, while the person types: waiting for `change`
  // (fired on blur) would move the page under the finger that is tapping Next, and that tap
  // would land on nothing. A message about an answer that is still wrong stays.
  const clearWhenFixed = (event: Event): void => {
    const block = (event.target as HTMLElement).closest<HTMLElement>(".q.has-error");
    const questionId = block?.dataset["q"];
    if (questionId && problemsOf(questionId).length === 0) clearProblems(questionId);
  };
  let toldAboutAutosave = Boolean(saved);
  form.addEventListener("change", (event) => {
    clearWhenFixed(event);
    stepper.update(applyVisibility());
    save();
    if (!toldAboutAutosave) status.textContent = data.strings.autosaved;
    toldAboutAutosave = true;
  });
  form.addEventListener("input", (event) => {
    clearWhenFixed(event);
    save();
  });

  const finish = (outcome: SendOutcome): void => {
    if (outcome.kind === "stored") {
      markSent(outcome.submissionId);
      saveDraft(key, null);
      location.assign(outcome.thanks);
    } else if (outcome.kind === "queued") status.textContent = data.strings.offlineQueued;
    else if (outcome.kind === "retrying") status.textContent = data.strings.sendFailed;
    else if (outcome.kind === "invalid") {
      status.textContent = "";
      showProblems(data, outcome.problems, true);
      const first = outcome.problems[0]?.path.split(".")[1];
      if (stepper.active && first) stepper.show(first, applyVisibility());
    } else status.textContent = outcome.message;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Enter in a field submits a form; one question at a time, it means "next".
    if (stepper.active && !stepper.isLast) return stepper.next();
    const current = answers();
    const { problems } = checkAnswers(data.questions, current);
    if (problems.length > 0) return finish({ kind: "invalid", problems });
    clearProblems();
    save();
    status.textContent = data.strings.sending;
    const body = {
      submissionId: field(PAGE_FIELDS.submissionId).value,
      language: data.language,
      answers: current,
      ...(data.token ? { token: data.token } : {}),
      ...commendation(),
      client: { hp: field(PAGE_FIELDS.honeypot).value, started: field(PAGE_FIELDS.started).value },
    };
    void queueAndSend({
      submissionId: body.submissionId,
      api: data.urls.api,
      thanks: data.urls.thanks,
      body,
    });
  });

  attachOutbox({ strings: data.strings, api: data.urls.api, onOutcome: finish });
  void flushOutbox();
  addEventListener("online", () => void flushOutbox());
  keepForOffline(data.urls.serviceWorker);
}

// Browsers older than these features keep the plain form, which works on its own.
const capable =
  typeof Object.hasOwn === "function" &&
  typeof crypto?.randomUUID === "function" &&
  typeof CSS?.escape === "function";
const data = capable ? readSurveyData() : null;
if (data && !followPreferredLanguage(data)) {
  document.documentElement.classList.add("js");
  start(data);
  // `npm run bench -- page` reads this to time when the enhancements are in place.
  performance.mark("respondent-enhanced");
}
