import type { InvitationRules } from "@shared/invitation-rules.js";
import { PHONE_COUNTRIES, PHONE_COUNTRY_CODES, type PhoneCountry } from "@shared/phone.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems, type Problem } from "../errors.js";
import { idFor, selectField, textField } from "../fields.js";
import type { Shell } from "../shell.js";
import type { AgencySettings } from "./settings.js";

interface Draft {
  quietStart: string;
  quietEnd: string;
  delayMinutes: string;
  excluded: string;
  minDaysBetween: string;
  phoneCountry: PhoneCountry;
}

const toDraft = (rules: InvitationRules): Draft => ({
  quietStart: rules.quietHours?.start ?? "",
  quietEnd: rules.quietHours?.end ?? "",
  delayMinutes: String(rules.delayMinutes),
  excluded: rules.excludedContactTypes.join("\n"),
  minDaysBetween: String(rules.minDaysBetween),
  phoneCountry: rules.phoneCountry,
});

const asNumber = (text: string): number | string => (/^\s*\d+\s*$/.test(text) ? Number(text) : text.trim());

/**
 * The rules the server applies go back whole (PATCH replaces them), so reminders, which this
 * form does not show, keep their values. Empty quiet hours mean none; half of a window is a
 * mistake the person is told about, not a guess.
 */
function rulesFrom(current: InvitationRules, draft: Draft, problems: Problem[]): Record<string, unknown> {
  const start = draft.quietStart.trim();
  const end = draft.quietEnd.trim();
  if (Boolean(start) !== Boolean(end)) {
    problems.push({
      path: `invitationRules.quietHours.${start ? "end" : "start"}`,
      message: "Give both the start and the end, or leave both empty for no quiet hours.",
    });
  }
  return {
    ...current,
    quietHours: start || end ? { start, end } : null,
    delayMinutes: asNumber(draft.delayMinutes),
    excludedContactTypes: draft.excluded
      .split(/[\n,]+/)
      .map((line) => line.trim())
      .filter(Boolean),
    minDaysBetween: asNumber(draft.minDaysBetween),
    phoneCountry: draft.phoneCountry,
  };
}

/**
 * Who gets a post-contact invitation and when: quiet hours in the agency's timezone, the wait
 * after the contact, call types never surveyed, and the gap before the same person is asked
 * again. Saved through PATCH /agency like the other settings.
 */
export function invitationRulesSection(shell: Shell, agency: AgencySettings): HTMLElement {
  let rules = agency.invitationRules;
  let draft = toDraft(rules);
  const summaryHost = h("div", { class: "summary-host" });
  const field = (
    label: string,
    key: Exclude<keyof Draft, "phoneCountry">,
    path: string,
    extra: Partial<Parameters<typeof textField>[0]>,
  ) => textField({ label, path, value: draft[key], onInput: (v) => (draft[key] = v), ...extra });
  const fields = h("div");
  const draw = () => {
    fields.replaceChildren(
      h(
        "fieldset",
        {
          "data-path": "invitationRules.quietHours",
          "data-label": "Quiet hours",
          id: idFor("invitationRules.quietHours"),
          tabindex: "-1",
        },
        h("legend", {}, "Quiet hours"),
        h(
          "p",
          { class: "hint" },
          `No invitation or reminder leaves between these times (${agency.timezone}); they wait until the end. 24-hour times, e.g. 20:00 and 08:00. Leave both empty for none.`,
        ),
        h(
          "div",
          { class: "inline-fields" },
          field("Quiet from", "quietStart", "invitationRules.quietHours.start", {
            summaryLabel: "Quiet hours start",
            maxLength: 5,
          }),
          field("Quiet until", "quietEnd", "invitationRules.quietHours.end", {
            summaryLabel: "Quiet hours end",
            maxLength: 5,
          }),
        ),
      ),
      field("Wait after the contact (minutes)", "delayMinutes", "invitationRules.delayMinutes", {
        type: "number",
        inputMode: "numeric",
        hint: "0 to 10080 (a week). The invitation goes out this long after the call or stop.",
      }),
      field("Call types never invited", "excluded", "invitationRules.excludedContactTypes", {
        multiline: true,
        hint: "One contact type code per line, as in your CAD or RMS export, e.g. domestic_violence.",
      }),
      field(
        "Days before inviting the same person again",
        "minDaysBetween",
        "invitationRules.minDaysBetween",
        {
          type: "number",
          inputMode: "numeric",
          hint: "0 to 3650. At most one invitation per person in this many days, across all surveys.",
        },
      ),
      selectField({
        label: "Country of phone numbers without +",
        path: "invitationRules.phoneCountry",
        value: draft.phoneCountry,
        choices: PHONE_COUNTRY_CODES.map((code) => ({
          value: code,
          label: `${code} (+${PHONE_COUNTRIES[code].code})`,
        })),
        onChange: (value) => (draft.phoneCountry = value as PhoneCountry),
      }),
    );
    fields.querySelector(`#${idFor("invitationRules.excludedContactTypes")}`)?.setAttribute("rows", "4");
  };
  draw();
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "rules-heading", novalidate: true },
    h("h2", { id: "rules-heading" }, "Invitation rules"),
    h(
      "p",
      { class: "hint" },
      "These apply to every post-contact invitation of the agency, whatever an upload says.",
    ),
    summaryHost,
    fields,
    h("button", { type: "submit" }, "Save invitation rules"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problems: Problem[] = [];
    const next = rulesFrom(rules, draft, problems);
    if (problems.length > 0)
      return showProblems(form, summaryHost, problemCount(problems.length, "the invitation rules"), problems);
    try {
      const reply = await api<{ agency: AgencySettings }>("PATCH", "/agency", { invitationRules: next });
      rules = reply.agency.invitationRules;
      draft = toDraft(rules);
      summaryHost.replaceChildren();
      draw();
      shell.announce("Invitation rules saved.");
    } catch (error) {
      const found = problemsOf(error);
      showProblems(
        form,
        summaryHost,
        problemCount(found.length, "the invitation rules"),
        found,
        describeError(error),
      );
    }
  });
  return form;
}
