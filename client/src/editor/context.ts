import type { Question } from "@shared/survey.js";
import type { Agency } from "../types.js";

/** What one question's editor needs from the survey editor around it. */
export interface QuestionContext {
  index: number;
  questions: Question[];
  languages: string[];
  districts: Agency["districts"];
  /** id of a <datalist> of known themes. */
  themeList: string;
  /** A value changed in place; nothing needs redrawing. */
  changed(): void;
  /** The shape changed (rows added, type switched): redraw, then focus this element id. */
  redraw(focusId?: string): void;
  /** Something worth hearing happened (a row moved or was removed). */
  announce(message: string): void;
}

/** Moves an element of a list in place. */
export function moveItem<T>(list: T[], from: number, to: number): void {
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
}
