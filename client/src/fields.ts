import type { LocalizedText } from "@shared/survey.js";
import { h } from "./dom.js";
import { directionOf, languageName } from "./languages.js";

/**
 * Form controls for the editor. Every control carries `data-path` (the definition path the
 * server names in its errors, e.g. `questions.3.options`) and `data-label` (how a person calls
 * it), and gets an id derived from the path, so server errors land next to the right field and
 * focus survives a re-render.
 */
export function idFor(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

interface TextOptions {
  label: string;
  path: string;
  value: string;
  onInput: (value: string) => void;
  /** Name used in the error summary when it differs from the visible label. */
  summaryLabel?: string;
  multiline?: boolean;
  maxLength?: number;
  type?: "text" | "number";
  lang?: string;
  hint?: string;
  required?: boolean;
  inputMode?: string;
  /** id of a <datalist> of suggestions. */
  list?: string;
}

export function textField(options: TextOptions): HTMLElement {
  const id = idFor(options.path);
  const hintId = options.hint ? `${id}-hint` : "";
  const common: Record<string, string | boolean> = {
    id,
    name: options.path,
    "data-path": options.path,
    "data-label": options.summaryLabel ?? options.label,
  };
  if (options.maxLength) common["maxlength"] = String(options.maxLength);
  if (hintId) common["aria-describedby"] = hintId;
  if (options.lang) {
    common["lang"] = options.lang;
    common["dir"] = directionOf(options.lang);
  }
  if (options.required) common["aria-required"] = "true";
  if (options.inputMode) common["inputmode"] = options.inputMode;
  if (options.list) common["list"] = options.list;
  const control = options.multiline
    ? h("textarea", { ...common, rows: "3" })
    : h("input", { ...common, type: options.type ?? "text", autocomplete: "off" });
  control.value = options.value;
  control.addEventListener("input", () => options.onInput(control.value));
  if (control instanceof HTMLTextAreaElement) growWithText(control);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, options.label),
    options.hint ? h("p", { id: hintId, class: "hint" }, options.hint) : null,
    control,
  );
}

/**
 * A text box as tall as its text, so nothing is hidden behind a scroll bar (a translation is
 * often longer than its original). CSS `field-sizing: content` does it where supported; other
 * browsers get their height set from the text as it changes.
 */
function growWithText(box: HTMLTextAreaElement): void {
  if (CSS.supports("field-sizing", "content")) return;
  const fit = () => {
    box.style.height = "auto";
    box.style.height = `${box.scrollHeight + box.offsetHeight - box.clientHeight}px`;
  };
  box.addEventListener("input", fit);
  requestAnimationFrame(fit);
}

interface LocalizedOptions {
  legend: string;
  path: string;
  text: LocalizedText;
  languages: string[];
  onInput: (text: LocalizedText) => void;
  multiline?: boolean;
  maxLength: number;
  /** Prefix for the summary name, e.g. "Question 3 prompt". */
  summaryLabel: string;
}

/**
 * One text in every survey language, side by side, so a translator sees the original next to
 * the field they fill. The first language is the survey's default.
 */
export function localizedField(options: LocalizedOptions): HTMLFieldSetElement {
  const text: LocalizedText = { ...options.text };
  const fields = options.languages.map((language, i) =>
    textField({
      label: `${languageName(language)} (${language})${i === 0 ? ", default" : ""}`,
      summaryLabel: `${options.summaryLabel} in ${languageName(language)}`,
      path: `${options.path}.${language}`,
      value: text[language] ?? "",
      multiline: options.multiline,
      maxLength: options.maxLength,
      lang: language,
      onInput: (value) => {
        text[language] = value;
        options.onInput({ ...text });
      },
    }),
  );
  return h(
    "fieldset",
    {
      class: "localized",
      "data-path": options.path,
      "data-label": options.summaryLabel,
      id: idFor(options.path),
      tabindex: "-1",
    },
    h("legend", {}, options.legend),
    h("div", { class: "side-by-side" }, ...fields),
  );
}

interface SelectOptions {
  label: string;
  path: string;
  value: string;
  choices: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
  summaryLabel?: string;
}

export function selectField(options: SelectOptions): HTMLElement {
  const id = idFor(options.path);
  const select = h(
    "select",
    { id, "data-path": options.path, "data-label": options.summaryLabel ?? options.label },
    ...options.choices.map((c) =>
      h("option", { value: c.value, selected: c.value === options.value }, c.label),
    ),
  );
  select.addEventListener("change", () => options.onChange(select.value));
  return h("div", { class: "field" }, h("label", { for: id }, options.label), select);
}

export function checkboxField(options: {
  label: string;
  path: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  summaryLabel?: string;
}): HTMLElement {
  const id = idFor(options.path);
  const box = h("input", {
    type: "checkbox",
    id,
    "data-path": options.path,
    "data-label": options.summaryLabel ?? options.label,
    checked: options.checked,
  });
  box.addEventListener("change", () => options.onChange(box.checked));
  return h("div", { class: "check" }, box, h("label", { for: id }, options.label));
}

/** A small button; `label` is the accessible name when the visible text is shorter. */
export function toolButton(
  text: string,
  label: string,
  onClick: () => void,
  options: { id?: string; disabled?: boolean; danger?: boolean } = {},
): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: options.danger ? "tool danger" : "tool",
      "aria-label": label,
      ...(options.id ? { id: options.id } : {}),
      disabled: options.disabled ?? false,
      onclick: onClick,
    },
    text,
  );
}
