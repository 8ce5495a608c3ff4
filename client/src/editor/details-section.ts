import { LIMITS, SURVEY_KINDS, type SurveyKind } from "@shared/survey.js";
import { h } from "../dom.js";
import { checkboxField, localizedField, selectField, textField } from "../fields.js";
import type { Definition } from "../types.js";

const KIND_LABELS: Readonly<Record<SurveyKind, string>> = {
  community: "Community-wide survey",
  "post-contact": "After a contact (post-contact)",
  youth: "Youth survey",
  internal: "Internal (staff)",
  event: "Event feedback",
};

/**
 * Which contacts from the dispatch system a post-contact survey invites: the call types it
 * lists, and, for the default survey, every call type no open survey lists.
 */
function callTypesFields(definition: Definition, changed: () => void): HTMLElement {
  return h(
    "fieldset",
    { "data-path": "settings.callTypes", "data-label": "Call types", tabindex: "-1" },
    h("legend", {}, "Contacts from the dispatch system"),
    textField({
      label: "Call types this survey invites",
      path: "settings.callTypes",
      value: (definition.settings.callTypes ?? []).join("\n"),
      multiline: true,
      hint: "One call type code per line, as in your CAD export, e.g. traffic_stop.",
      onInput: (text) => {
        const callTypes = text
          .split(/[\n,]+/)
          .map((line) => line.trim())
          .filter(Boolean);
        definition.settings = { ...definition.settings, callTypes };
        changed();
      },
    }),
    checkboxField({
      label: "Default survey: also invite for call types no open survey lists",
      path: "settings.defaultForCalls",
      checked: definition.settings.defaultForCalls === true,
      onChange: (checked) => {
        definition.settings = { ...definition.settings, defaultForCalls: checked };
        changed();
      },
    }),
  );
}

/** Title, description, kind and the privacy settings of a survey. */
export function detailsSection(definition: Definition, changed: () => void): HTMLElement {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "details-heading" },
    h("h2", { id: "details-heading" }, "Survey details"),
    localizedField({
      legend: "Title",
      summaryLabel: "Title",
      path: "title",
      text: definition.title,
      languages: definition.languages,
      maxLength: LIMITS.titleLength,
      onInput: (text) => {
        definition.title = text;
        changed();
      },
    }),
    localizedField({
      legend: "Introduction residents read first (optional)",
      summaryLabel: "Introduction",
      path: "description",
      text: definition.description,
      languages: definition.languages,
      multiline: true,
      maxLength: LIMITS.descriptionLength,
      onInput: (text) => {
        definition.description = text;
        changed();
      },
    }),
    selectField({
      label: "Kind of survey",
      path: "kind",
      value: definition.kind,
      choices: SURVEY_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] })),
      onChange: (value) => {
        definition.kind = value as SurveyKind;
        changed();
      },
    }),
    checkboxField({
      label: "Anonymous: no names or contact details are kept with answers",
      path: "settings.anonymous",
      checked: definition.settings.anonymous !== false,
      onChange: (checked) => {
        definition.settings = { ...definition.settings, anonymous: checked };
        changed();
      },
    }),
    checkboxField({
      label: "One response per invitation link",
      path: "settings.oneResponsePerToken",
      checked: definition.settings.oneResponsePerToken === true,
      onChange: (checked) => {
        definition.settings = { ...definition.settings, oneResponsePerToken: checked };
        changed();
      },
    }),
    definition.kind === "post-contact" && callTypesFields(definition, changed),
  );
}
