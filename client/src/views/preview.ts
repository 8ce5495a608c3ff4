import { roleAtLeast } from "@shared/accounts.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { languageName, textIn } from "../languages.js";
import type { Shell } from "../shell.js";
import type { Survey } from "../types.js";
import { surveyNav } from "./survey-nav.js";

/**
 * The survey exactly as residents will see it, rendered by the respondent page itself, in each
 * of its languages. The frame may not submit forms, so previewing never stores an answer, and
 * runs in an origin of its own.
 */
export async function showPreview(shell: Shell, surveyId: string): Promise<void> {
  const { survey } = await api<{ survey: Survey }>("GET", `/surveys/${surveyId}`);
  const title = textIn(survey.title, survey.languages[0]!) || "Untitled survey";
  const heading = h("h1", { tabindex: "-1" }, `Preview: ${title}`);
  const frame = h("iframe", {
    class: "preview-frame",
    // Scripts, so the page behaves as on a phone; never with our origin as well, which would let
    // the framed page lift its own sandbox and act as the signed-in staff member.
    sandbox: "allow-scripts",
    title: "",
  });
  const show = (language: string) => {
    frame.src = `/api/v1/surveys/${survey.id}/preview?lang=${encodeURIComponent(language)}`;
    frame.title = `The survey as residents see it, in ${languageName(language)}`;
  };
  const choices = h(
    "fieldset",
    { class: "language-choice" },
    h("legend", {}, "Language"),
    ...survey.languages.map((language, i) => {
      const id = `preview-${language}`;
      const radio = h("input", {
        type: "radio",
        name: "preview-language",
        id,
        value: language,
        checked: i === 0,
      });
      radio.addEventListener("change", () => show(language));
      return h("div", { class: "check" }, radio, h("label", { for: id }, languageName(language)));
    }),
  );
  show(survey.languages[0]!);
  shell.view.replaceChildren(
    heading,
    surveyNav(survey, "preview", roleAtLeast(shell.user.role, "designer")),
    h(
      "p",
      { class: "hint" },
      "This is the saved version. Save your changes in the editor to see them here. Nothing you enter here is stored.",
    ),
    choices,
    frame,
  );
  shell.arrived(heading, `Preview: ${title}`);
}
