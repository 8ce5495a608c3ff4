import type { LocalizedText, Question } from "@shared/survey.js";

/**
 * Questions and texts every template asks the same way, so wording fixes and translations
 * happen once.
 */
const NO_PERSONAL_DETAILS: LocalizedText = {
  en: "Please do not write your name or other personal details.",
  es: "Por favor, no escriba su nombre ni otros datos personales.",
};

/** An optional open-text question that asks people to leave out personal details. */
export function openComment(id: string, prompt: LocalizedText): Question {
  return { id, type: "text", prompt, help: NO_PERSONAL_DETAILS, required: false };
}

/** Where the person lives, for district results and weighting; the agency's districts are the options. */
export const districtQuestion: Question = {
  id: "q_district",
  type: "district",
  prompt: { en: "Which district do you live in?", es: "¿En qué distrito vive?" },
  help: {
    en: "If you do not know, you can skip this question.",
    es: "Si no lo sabe, puede saltar esta pregunta.",
  },
  required: false,
  demographic: "district",
};
