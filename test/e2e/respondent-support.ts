import mongoose from "mongoose";
import type { Page } from "playwright-core";

/** Keyboard-only answering of a survey page, the way a person without a mouse does it. */

export interface PublicQuestion {
  id: string;
  type: string;
  options?: Array<{ value: string }>;
  scale?: { min: number; max: number };
  items?: Array<{ id: string }>;
  showIf?: { question: string; in: unknown[] };
}

/** The open survey's questions as the public API gives them (district options included). */
export async function publicQuestions(baseUrl: string, slug: string): Promise<PublicQuestion[]> {
  const response = await fetch(`${baseUrl}/api/v1/public/surveys/${slug}`);
  const body = (await response.json()) as { survey: { questions: PublicQuestion[] } };
  return body.survey.questions;
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails if it never does. */
export async function tabTo(page: Page, selector: string, key: "Tab" | "Shift+Tab" = "Tab"): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const there = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    if (there) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${selector}`);
}

/** Tabs into a radio group, then Space and arrows to the wanted choice (arrows also select). */
async function chooseRadio(page: Page, name: string, index: number): Promise<void> {
  await tabTo(page, `input[type="radio"][name="${name}"]`);
  const checked = await page.evaluate(
    (n) => [...document.querySelectorAll<HTMLInputElement>(`input[name="${n}"]`)].findIndex((i) => i.checked),
    name,
  );
  if (checked === -1) await page.keyboard.press("Space");
  const from = Math.max(0, checked);
  const key = index >= from ? "ArrowDown" : "ArrowUp";
  for (let i = 0; i < Math.abs(index - from); i++) await page.keyboard.press(key);
}

const likertIndex = (value: number): number => (value === 0 ? 5 : value - 1);

/** Answers one question with the keyboard; `value` is in the API's shape (undefined = skip it). */
export async function answerByKeyboard(page: Page, question: PublicQuestion, value: unknown): Promise<void> {
  if (value === undefined) return;
  switch (question.type) {
    case "likert":
      return chooseRadio(page, question.id, likertIndex(value as number));
    case "rating":
      return chooseRadio(page, question.id, (value as number) - (question.scale?.min ?? 1));
    case "yesno":
      return chooseRadio(page, question.id, value ? 0 : 1);
    case "single":
    case "district":
      return chooseRadio(
        page,
        question.id,
        question.options!.findIndex((o) => o.value === value),
      );
    case "multi":
      for (const v of value as string[]) {
        await tabTo(page, `input[type="checkbox"][name="${question.id}"][value="${v}"]`);
        await page.keyboard.press("Space");
      }
      return;
    case "matrix":
      for (const [item, v] of Object.entries(value as Record<string, number>)) {
        await chooseRadio(page, `${question.id}[${item}]`, likertIndex(v));
      }
      return;
    default:
      await tabTo(page, `[name="${question.id}"]`);
      await page.keyboard.type(String(value));
  }
}

/** Whether skip logic shows a question for these answers (the survey's own rule, restated). */
export function shown(question: PublicQuestion, answers: Record<string, unknown>): boolean {
  return !question.showIf || question.showIf.in.includes(answers[question.showIf.question]);
}

/**
 * One question at a time (phone, with script): answer, Tab to Next, Enter; on the last
 * question Tab to Send, Enter. `from` skips questions already answered before a reload.
 */
export async function answerStepByStep(
  page: Page,
  questions: PublicQuestion[],
  answers: Record<string, unknown>,
  range: { from?: number; to?: number } = {},
): Promise<void> {
  const visible = questions.filter((q) => shown(q, answers));
  const to = range.to ?? visible.length;
  for (let i = range.from ?? 0; i < to; i++) {
    await answerByKeyboard(page, visible[i]!, answers[visible[i]!.id]);
    const last = i === visible.length - 1;
    await tabTo(page, last ? "#send" : "#next");
    await page.keyboard.press("Enter");
  }
}

/** The responses stored for a survey, straight from the database. */
export async function storedResponses(surveyId: string) {
  return mongoose
    .connection!.db!.collection("responses")
    .find({ survey: new mongoose.Types.ObjectId(surveyId) })
    .toArray();
}
