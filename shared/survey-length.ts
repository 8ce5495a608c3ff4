import type { Question, QuestionType } from "./survey.js";

/**
 * Seconds a typical person spends on one question on a phone: reading it, choosing and moving
 * on. Choices scale with their options (each is read), a matrix with its items, and open text
 * is the slow one. Rough on purpose: the figure only has to be honest within a minute or two.
 */
const SECONDS: Readonly<Record<QuestionType, (question: Question) => number>> = {
  single: (q) => 6 + 2 * (q.options?.length ?? 0),
  multi: (q) => 8 + 3 * (q.options?.length ?? 0),
  likert: () => 8,
  rating: () => 8,
  matrix: (q) => 6 + 6 * (q.items?.length ?? 0),
  yesno: () => 6,
  number: () => 10,
  district: () => 10,
  date: () => 12,
  text: () => 45,
};

/**
 * How many minutes a survey takes, as invitations promise it: the seconds of every question
 * (skip logic ignored, so the figure is for someone who is asked everything), rounded up to
 * whole minutes, at least one.
 */
export function estimatedMinutes(questions: readonly Question[]): number {
  const seconds = questions.reduce((sum, question) => sum + SECONDS[question.type](question), 0);
  return Math.max(1, Math.ceil(seconds / 60));
}
