import type { LocalizedText, Question } from "@shared/survey.js";
import type { Definition, Survey } from "../types.js";

/** A deep copy the editor can change freely; the survey as loaded stays the reference. */
export function editableCopy(survey: Survey): Definition {
  return structuredClone({
    title: survey.title,
    description: survey.description ?? {},
    kind: survey.kind,
    languages: survey.languages,
    questions: survey.questions,
    settings: survey.settings ?? {},
  });
}

/** Drops languages left blank, so "not translated yet" is a missing key, as the server counts it. */
function filled(text: LocalizedText | undefined): LocalizedText {
  return Object.fromEntries(Object.entries(text ?? {}).filter(([, value]) => value.trim() !== ""));
}

function cleanQuestion(question: Question): Question {
  const out: Question = { ...question, prompt: filled(question.prompt) };
  const help = filled(question.help);
  if (Object.keys(help).length > 0) out.help = help;
  else delete out.help;
  if (question.options) out.options = question.options.map((o) => ({ ...o, label: filled(o.label) }));
  if (question.items) out.items = question.items.map((item) => ({ ...item, prompt: filled(item.prompt) }));
  if (!question.theme) delete out.theme;
  return out;
}

/** What a save sends: the definition without blank translations or empty optional texts. */
export function cleanDefinition(definition: Definition): Definition {
  return {
    title: filled(definition.title),
    description: filled(definition.description),
    kind: definition.kind,
    languages: definition.languages,
    questions: definition.questions.map(cleanQuestion),
    settings: definition.settings,
  };
}

/** Whether saving would change the questions, which on a survey with responses starts a new version. */
export function questionsDiffer(definition: Definition, survey: Survey): boolean {
  return JSON.stringify(cleanDefinition(definition).questions) !== JSON.stringify(survey.questions);
}

/** Whether anything a save would send differs from the survey as loaded. */
export function definitionDiffers(definition: Definition, survey: Survey): boolean {
  return (
    JSON.stringify(cleanDefinition(definition)) !== JSON.stringify(cleanDefinition(editableCopy(survey)))
  );
}

/** Removes a language's text everywhere, so the definition names only the survey's languages. */
export function dropLanguage(definition: Definition, language: string): void {
  const strip = (text: LocalizedText | undefined) => {
    if (text) delete text[language];
  };
  strip(definition.title);
  strip(definition.description);
  for (const q of definition.questions) {
    strip(q.prompt);
    strip(q.help);
    q.options?.forEach((o) => strip(o.label));
    q.items?.forEach((item) => strip(item.prompt));
  }
}
