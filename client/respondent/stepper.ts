import { fill } from "@shared/i18n/format.js";
import { blockId } from "@shared/respondent-form.js";
import type { SurveyData } from "./data.js";

function button(id: string, className: string, text: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.id = id;
  b.className = className;
  b.textContent = text;
  return b;
}

/**
 * One question at a time on narrow screens: a progress line, Back and Next, and the Send
 * button only on the last question. Questions hidden by skip logic are not counted or visited.
 * On wide screens (or without this script) every question is on the page at once.
 */
export class Stepper {
  private order: string[] = [];
  private current: string | null = null;
  private readonly progress = document.createElement("div");
  private readonly text = document.createElement("p");
  private readonly bar = document.createElement("progress");
  private readonly nav = document.createElement("div");
  private readonly backButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  active = false;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly data: SurveyData,
    private readonly hooks: {
      canLeave: (questionId: string) => boolean;
      onStep: (questionId: string) => void;
    },
  ) {
    this.progress.className = "progress";
    this.text.id = "progress-text";
    this.text.setAttribute("aria-live", "polite");
    this.bar.setAttribute("aria-labelledby", "progress-text");
    this.progress.append(this.text, this.bar);
    this.nav.className = "stepnav";
    this.backButton = button("back", "secondary", data.strings.back);
    this.nextButton = button("next", "primary", data.strings.next);
    this.nav.append(this.backButton, this.nextButton);
    this.backButton.addEventListener("click", () => this.move(-1));
    this.nextButton.addEventListener("click", () => this.next());
  }

  get questionId(): string | null {
    return this.current;
  }

  get isLast(): boolean {
    return this.current === this.order[this.order.length - 1];
  }

  enable(visible: ReadonlySet<string>, startAt: string | null): void {
    this.active = true;
    this.form.classList.add("stepping");
    this.form.querySelector(".q")?.before(this.progress);
    this.form.querySelector(".actions")?.before(this.nav);
    this.current = startAt;
    this.update(visible);
  }

  disable(): void {
    this.active = false;
    this.form.classList.remove("stepping");
    this.progress.remove();
    this.nav.remove();
    this.form.querySelectorAll(".q.current").forEach((q) => q.classList.remove("current"));
    this.form.querySelector<HTMLElement>(".actions")!.hidden = false;
  }

  /** Recomputes the visible questions (an answer may have shown or hidden some). */
  update(visible: ReadonlySet<string>): void {
    if (!this.active) return;
    this.order = this.data.questions.map((q) => q.id).filter((id) => visible.has(id));
    if (!this.current || !this.order.includes(this.current)) this.current = this.order[0] ?? null;
    const index = this.current ? this.order.indexOf(this.current) : 0;
    for (const q of this.data.questions) {
      document.getElementById(blockId(q.id))?.classList.toggle("current", q.id === this.current);
    }
    this.text.textContent = fill(this.data.strings.progress, {
      current: index + 1,
      total: this.order.length,
    });
    this.bar.max = this.order.length;
    this.bar.value = index + 1;
    this.backButton.hidden = index === 0;
    this.nextButton.hidden = this.isLast;
    this.form.querySelector<HTMLElement>(".actions")!.hidden = !this.isLast;
  }

  /** Goes to a question (e.g. the first one with a problem) and puts focus on it. */
  show(questionId: string, visible: ReadonlySet<string>): void {
    this.current = questionId;
    this.update(visible);
    this.hooks.onStep(questionId);
  }

  /** Next, unless the current question still needs an answer (then its message shows). */
  next(): void {
    if (this.current && !this.hooks.canLeave(this.current)) return;
    this.move(1);
  }

  private move(delta: number): void {
    const index = this.current ? this.order.indexOf(this.current) : 0;
    const target = this.order[Math.max(0, Math.min(this.order.length - 1, index + delta))];
    if (!target || target === this.current) return;
    this.current = target;
    this.update(new Set(this.order));
    this.hooks.onStep(target);
    document.getElementById(blockId(target))?.focus();
  }
}
