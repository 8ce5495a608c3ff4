import { LANGUAGE_PATTERN, LIMITS } from "@shared/survey.js";
import { h } from "../dom.js";
import { idFor, textField, toolButton } from "../fields.js";
import { languageName, SUGGESTED_LANGUAGES } from "../languages.js";
import type { Definition } from "../types.js";
import { dropLanguage } from "./definition.js";

interface LanguagesOptions {
  changed(): void;
  redraw(focusId?: string): void;
  announce(message: string): void;
}

export const ADD_LANGUAGE_ID = idFor("new-language");

/**
 * The survey's languages. The first is the default every text needs; each added language puts
 * a field beside every text, and removing one removes its translations.
 */
export function languagesSection(definition: Definition, options: LanguagesOptions): HTMLElement {
  let code = "";
  const message = h("p", { class: "field-error", id: "new-language-error", hidden: true });
  const add = () => {
    const language = code.trim();
    let problem = "";
    if (!LANGUAGE_PATTERN.test(language)) problem = "Enter a language code such as es, vi or zh-TW.";
    else if (definition.languages.includes(language))
      problem = `${languageName(language)} is already a language of this survey.`;
    else if (definition.languages.length >= LIMITS.languagesPerSurvey)
      problem = `A survey can have at most ${LIMITS.languagesPerSurvey} languages.`;
    if (problem) {
      message.textContent = problem;
      message.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "new-language-error");
      input.focus();
      return;
    }
    definition.languages = [...definition.languages, language];
    options.changed();
    options.redraw(ADD_LANGUAGE_ID);
    options.announce(
      `${languageName(language)} added. Every text now has a ${languageName(language)} field.`,
    );
  };
  const field = textField({
    label: "Add a language (code)",
    hint: "For example es for Spanish, vi for Vietnamese, zh-TW for Chinese (Taiwan).",
    path: "new-language",
    value: "",
    maxLength: 10,
    list: "language-suggestions",
    onInput: (value) => {
      code = value;
    },
  });
  const input = field.querySelector("input")!;
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  });
  const items = definition.languages.map((language, i) =>
    h(
      "li",
      {},
      h("span", { lang: language }, `${languageName(language)} (${language})`),
      i === 0
        ? h("span", { class: "badge" }, "default")
        : toolButton(
            "Remove",
            `Remove ${languageName(language)}`,
            () => {
              definition.languages = definition.languages.filter((l) => l !== language);
              dropLanguage(definition, language);
              options.changed();
              options.redraw(ADD_LANGUAGE_ID);
              options.announce(`${languageName(language)} and its translations removed.`);
            },
            { danger: true },
          ),
    ),
  );
  return h(
    "section",
    { class: "panel", "aria-labelledby": "languages-heading" },
    h("h2", { id: "languages-heading" }, "Languages"),
    h(
      "p",
      { class: "hint" },
      "Residents choose among these languages. The first is the default: every text needs it. Publishing needs every text in every language.",
    ),
    h(
      "ul",
      { class: "languages", "data-path": "languages", "data-label": "Languages", id: idFor("languages") },
      ...items,
    ),
    h(
      "div",
      { class: "inline-fields add-row" },
      field,
      h("button", { type: "button", class: "secondary", onclick: add }, "Add language"),
    ),
    message,
    h(
      "datalist",
      { id: "language-suggestions" },
      ...SUGGESTED_LANGUAGES.map((l) => h("option", { value: l }, languageName(l))),
    ),
  );
}
