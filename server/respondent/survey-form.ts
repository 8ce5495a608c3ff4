import { fill, type UiStrings } from "@shared/i18n/index.js";
import {
  blockId,
  errorId,
  helpId,
  inputId,
  matrixFieldName,
  PAGE_FIELDS,
  type FieldReader,
} from "@shared/respondent-form.js";
import { LIKERT, LIMITS, localize, type Question } from "@shared/survey.js";
import { attr, markup, type SafeHtml } from "./html.js";
import type { RespondentSurvey } from "./respondent.service.js";

/** Everything one rendering of the survey form needs: fresh, or re-shown after a failed post. */
export interface FormView {
  survey: RespondentSurvey;
  language: string;
  strings: UiStrings;
  submissionId: string;
  started: string;
  token: string | null;
  /** The invitation's contact names an officer: the page offers to commend them. */
  commendable: boolean;
  /** What the person sent last time, to show again; null on a fresh page. */
  values: FieldReader | null;
  /** Messages per question id, in the person's language. */
  errors: ReadonlyMap<string, string[]>;
  notice: string | null;
}

interface Choice {
  value: string;
  label: string;
}

/** The choices a grouped question offers, in the order shown. */
export function choicesOf(question: Question, strings: UiStrings, language: string): Choice[] {
  const text = (t: Record<string, string>): string => localize(t, language, "en");
  switch (question.type) {
    case "likert":
    case "matrix": {
      const l = strings.likert;
      const labels = [l.stronglyDisagree, l.disagree, l.neutral, l.agree, l.stronglyAgree];
      return [
        ...labels.map((label, i) => ({ value: String(LIKERT.min + i), label })),
        { value: String(LIKERT.dontKnow), label: l.dontKnow },
      ];
    }
    case "rating": {
      const { min, max } = question.scale ?? { min: 1, max: 5 };
      return Array.from({ length: max - min + 1 }, (_, i) => ({
        value: String(min + i),
        label: String(min + i),
      }));
    }
    case "yesno":
      return [
        { value: "true", label: strings.yes },
        { value: "false", label: strings.no },
      ];
    case "single":
    case "multi":
    case "district":
      return (question.options ?? []).map((o) => ({ value: o.value, label: text(o.label) }));
    default:
      return [];
  }
}

/** "Answer this only if you answered Yes to: …" for pages shown without their script. */
function showIfHint(question: Question, view: FormView): string | null {
  if (!question.showIf) return null;
  const source = view.survey.questions.find((q) => q.id === question.showIf!.question);
  if (!source) return null;
  const choices = choicesOf(source, view.strings, view.language);
  const answers = question.showIf.in
    .map((wanted) => choices.find((c) => c.value === String(wanted))?.label ?? String(wanted))
    .map((label) => `“${label}”`)
    .join(` ${view.strings.or} `);
  return fill(view.strings.showIfHint, {
    answers,
    question: localize(source.prompt, view.language, "en"),
  });
}

function describedBy(question: Question, view: FormView, hasHelp: boolean): SafeHtml {
  const ids = [
    hasHelp ? helpId(question.id) : null,
    view.errors.has(question.id) ? errorId(question.id) : null,
  ];
  const value = ids.filter(Boolean).join(" ");
  return value ? markup` aria-describedby="${value}"` : markup``;
}

function options(
  question: Question,
  name: string,
  choices: Choice[],
  view: FormView,
  idPart: { itemId?: string },
): SafeHtml {
  const type = question.type === "multi" ? "checkbox" : "radio";
  const chosen = new Set(view.values?.(name) ?? []);
  const layout = question.type === "rating" ? "opts opts-row" : "opts";
  const each = choices.map((choice, i) => {
    const id = inputId(question.id, i, idPart.itemId);
    const checked = attr("checked", chosen.has(choice.value));
    return markup`<div class="opt"><input type="${type}" id="${id}" name="${name}" value="${choice.value}"${checked}><label for="${id}">${choice.label}</label></div>`;
  });
  return markup`<div class="${layout}">${each}</div>`;
}

function legendText(question: Question, view: FormView): SafeHtml {
  const prompt = localize(question.prompt, view.language, "en");
  const optional = question.required ? "" : markup` <span class="optional">${view.strings.optional}</span>`;
  return markup`<span class="prompt">${prompt}</span>${optional}`;
}

function helpAndErrors(
  question: Question,
  view: FormView,
): { help: SafeHtml | string; errors: SafeHtml; hasHelp: boolean } {
  const texts = [
    question.help ? localize(question.help, view.language, "en") : "",
    question.type === "text" ? fill(view.strings.textHint, { max: LIMITS.textAnswerLength }) : "",
  ].filter(Boolean);
  const hint = showIfHint(question, view);
  const hasHelp = texts.length > 0 || hint !== null;
  const paragraphs = texts.map((text) => markup`<p>${text}</p>`);
  const hintParagraph = hint ? markup`<p class="showif-hint">${hint}</p>` : "";
  const help = hasHelp
    ? markup`<div class="help" id="${helpId(question.id)}">${paragraphs}${hintParagraph}</div>`
    : "";
  const messages = (view.errors.get(question.id) ?? []).map((m) => markup`<p>${m}</p>`);
  // The error slot is always there (empty when fine) so the script can fill it in place.
  const errors = markup`<div class="field-error" id="${errorId(question.id)}">${messages}</div>`;
  return { help, errors, hasHelp };
}

/** One question as labelled controls: a fieldset with a legend for any group of choices. */
export function renderQuestion(question: Question, view: FormView): SafeHtml {
  const { help, errors, hasHelp } = helpAndErrors(question, view);
  const classes = view.errors.has(question.id) ? "q has-error" : "q";
  const open = markup`<div class="${classes}" id="${blockId(question.id)}" data-q="${question.id}" tabindex="-1">`;
  const choices = choicesOf(question, view.strings, view.language);

  if (question.type === "matrix") {
    const items = (question.items ?? []).map((item) => {
      const legend = localize(item.prompt, view.language, "en");
      const controls = options(question, matrixFieldName(question.id, item.id), choices, view, {
        itemId: item.id,
      });
      return markup`<fieldset class="item"><legend>${legend}</legend>${controls}</fieldset>`;
    });
    return markup`${open}<fieldset${describedBy(question, view, hasHelp)}><legend>${legendText(question, view)}</legend>${help}${errors}${items}</fieldset></div>`;
  }
  if (choices.length > 0) {
    const controls = options(question, question.id, choices, view, {});
    return markup`${open}<fieldset${describedBy(question, view, hasHelp)}><legend>${legendText(question, view)}</legend>${help}${errors}${controls}</fieldset></div>`;
  }

  const id = inputId(question.id);
  const value = view.values?.(question.id)[0] ?? "";
  const described = describedBy(question, view, hasHelp);
  let control: SafeHtml;
  if (question.type === "text") {
    // A newline right after <textarea> is dropped by HTML parsers; one is added so a first
    // line break in the person's own text survives the round trip.
    control = markup`<textarea id="${id}" name="${question.id}" rows="5" maxlength="${LIMITS.textAnswerLength}"${described}>
${value}</textarea>`;
  } else if (question.type === "date") {
    control = markup`<input type="date" id="${id}" name="${question.id}" value="${value}"${described}>`;
  } else {
    control = markup`<input type="text" inputmode="decimal" id="${id}" name="${question.id}" value="${value}" autocomplete="off"${described}>`;
  }
  return markup`${open}<label class="label" for="${id}">${legendText(question, view)}</label>${help}${errors}${control}</div>`;
}

/**
 * The optional "commend the officer" choice at the end of an invitation whose contact names an
 * officer: a checkbox and a note, in a fieldset with a legend; the badge itself is never shown.
 */
export function commendFields(view: FormView): SafeHtml | string {
  if (!view.commendable || !view.token) return "";
  const s = view.strings;
  const checked = attr("checked", (view.values?.(PAGE_FIELDS.commend) ?? []).includes("1"));
  const note = view.values?.(PAGE_FIELDS.commendNote)[0] ?? "";
  const max = LIMITS.commendationNoteLength;
  return markup`<fieldset class="commend"><legend>${s.commendLegend} <span class="optional">${s.optional}</span></legend>
<div class="opt"><input type="checkbox" id="f-commend" name="${PAGE_FIELDS.commend}" value="1"${checked}><label for="f-commend">${s.commendLabel}</label></div>
<label class="label" for="f-commend-note">${s.commendNoteLabel}</label>
<p class="help" id="h-commend-note">${fill(s.commendNoteHint, { max })}</p>
<textarea id="f-commend-note" name="${PAGE_FIELDS.commendNote}" rows="3" maxlength="${max}" aria-describedby="h-commend-note">
${note}</textarea></fieldset>`;
}

/** The hidden fields that travel with every post: idempotency key, language, start time, token. */
export function pageFields(view: FormView): SafeHtml {
  const hidden = (name: string, value: string): SafeHtml =>
    markup`<input type="hidden" name="${name}" value="${value}">`;
  const token = view.token ? hidden(PAGE_FIELDS.token, view.token) : "";
  // The honeypot: off screen, out of the tab order and hidden from assistive technology, so
  // only a script that fills in every field ever fills it in.
  const honeypot = markup`<div class="hp" aria-hidden="true"><label for="f-hp">${view.strings.honeypot}</label><input type="text" id="f-hp" name="${PAGE_FIELDS.honeypot}" value="" tabindex="-1" autocomplete="off"></div>`;
  return markup`${hidden(PAGE_FIELDS.submissionId, view.submissionId)}${hidden(PAGE_FIELDS.language, view.language)}${hidden(PAGE_FIELDS.started, view.started)}${token}${honeypot}`;
}
