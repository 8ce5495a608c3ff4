import { ApiError } from "./api.js";
import { h } from "./dom.js";

export interface Problem {
  path: string;
  message: string;
}

/**
 * The server names fields two ways: its own rules say `questions[3].options`, joi says
 * `questions.3.options`. Both become the dotted form the editor uses in `data-path`.
 */
export function normalizePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, ".$1").replace(/^\.+/, "");
}

/**
 * The control a problem belongs to: the element whose `data-path` is the problem's path, or the
 * nearest enclosing one (`questions.2.showIf.in.0` → the showIf values group).
 */
export function fieldFor(root: ParentNode, path: string): HTMLElement | null {
  let current = normalizePath(path);
  while (current) {
    const found = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(current)}"]`);
    if (found) return found;
    const cut = current.lastIndexOf(".");
    if (cut < 0) return null;
    current = current.slice(0, cut);
  }
  return null;
}

/** A human sentence for any failure. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "The server could not be reached. Check your connection and try again.";
}

export function problemsOf(error: unknown): Problem[] {
  return error instanceof ApiError ? (error.body.details ?? []) : [];
}

/**
 * joi starts its messages with the field's own path ("questions[0].id fails to match…"); next to
 * the field, or after its name in the summary, that repeats what the reader already sees.
 */
export function tidyMessage(path: string, message: string): string {
  const dotted = normalizePath(path);
  const bracketed = dotted.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
  const last = dotted.split(".").pop() ?? "";
  for (const prefix of [path, dotted, bracketed, last]) {
    if (prefix && message.startsWith(`${prefix} `)) return message.slice(prefix.length + 1);
  }
  return message;
}

const FOCUSABLE = "input, select, textarea, button, [tabindex]";

function focusTarget(element: HTMLElement): HTMLElement {
  if (element.matches("input, select, textarea")) return element;
  return element.querySelector<HTMLElement>("input, select, textarea") ?? element;
}

/** Opens collapsed questions around an element so it can be seen and focused. */
function reveal(element: HTMLElement): void {
  for (let node: HTMLElement | null = element; node; node = node.parentElement) {
    if (node instanceof HTMLDetailsElement) node.open = true;
  }
}

/** Moves focus to a field named by a summary link, opening what hides it. */
export function focusField(element: HTMLElement): void {
  reveal(element);
  const target = focusTarget(element);
  if (!target.matches(FOCUSABLE)) target.setAttribute("tabindex", "-1");
  target.focus();
  target.scrollIntoView({ block: "center" });
}

/** Removes every message shown by `showProblems` under root. */
export function clearProblems(root: HTMLElement, summaryHost: HTMLElement): void {
  summaryHost.replaceChildren();
  for (const message of root.querySelectorAll(".field-error")) message.remove();
  for (const field of root.querySelectorAll<HTMLElement>('[aria-describedby*="err-"]')) {
    field.removeAttribute("aria-invalid");
    const ids = (field.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter((id) => !id.startsWith("err-"));
    if (ids.length > 0) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
  }
  root.querySelectorAll(".has-error").forEach((el) => el.classList.remove("has-error"));
}

let counter = 0;

function attach(field: HTMLElement, message: string): void {
  const id = `err-${++counter}`;
  const note = h(
    "p",
    { class: "field-error", id },
    h("span", { class: "visually-hidden" }, "Error: "),
    message,
  );
  if (field.matches("fieldset")) {
    const legend = field.querySelector(":scope > legend");
    if (legend) legend.after(note);
    else field.prepend(note);
  } else if (field.matches("details")) {
    field.querySelector(":scope > summary")?.after(note);
  } else {
    field.before(note);
  }
  // aria-invalid belongs on form controls; groups get only the description.
  if (field.matches("input, select, textarea")) field.setAttribute("aria-invalid", "true");
  field.setAttribute("aria-describedby", `${field.getAttribute("aria-describedby") ?? ""} ${id}`.trim());
  (field.closest(".field, fieldset") ?? field).classList.add("has-error");
}

/**
 * Shows each problem next to its field and lists them all in a summary at the top, whose
 * links move focus to the field. The summary takes focus so screen readers hear it at once.
 */
export function showProblems(
  root: HTMLElement,
  summaryHost: HTMLElement,
  heading: string,
  problems: Problem[],
  lead = "",
): void {
  clearProblems(root, summaryHost);
  const items = problems.map((raw) => {
    const problem = { path: raw.path, message: tidyMessage(raw.path, raw.message) };
    const field = fieldFor(root, problem.path);
    if (!field) return h("li", {}, `${problem.path}: ${problem.message}`);
    reveal(field);
    attach(field, problem.message);
    const target = focusTarget(field);
    const name = field.dataset["label"] ?? problem.path;
    return h(
      "li",
      {},
      h(
        "a",
        {
          href: `#${target.id}`,
          onclick: (event: Event) => {
            event.preventDefault();
            focusField(field);
          },
        },
        `${name}: ${problem.message}`,
      ),
    );
  });
  const summary = h(
    "div",
    { class: "error-summary", role: "alert", tabindex: "-1", "aria-labelledby": "error-summary-title" },
    h("h2", { id: "error-summary-title" }, heading),
    lead ? h("p", {}, lead) : null,
    items.length > 0 ? h("ul", {}, ...items) : null,
  );
  summaryHost.replaceChildren(summary);
  summary.focus();
}

/** "There is 1 problem" / "There are 3 problems", for summary headings. */
export function problemCount(count: number, what: string): string {
  if (count === 0) return `There is a problem with ${what}`;
  return count === 1 ? `There is 1 problem with ${what}` : `There are ${count} problems with ${what}`;
}
