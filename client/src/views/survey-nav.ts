import { confirmAction } from "../confirm.js";
import { h } from "../dom.js";
import { textIn } from "../languages.js";
import { surveyHref, type SurveyTab } from "../shell.js";
import type { Survey } from "../types.js";

const STATUS_LABELS = { draft: "Draft", open: "Open", closed: "Closed" } as const;

export function statusLabel(survey: Pick<Survey, "status">): string {
  return STATUS_LABELS[survey.status];
}

/**
 * The views of one survey; the current one is marked for assistive technology too. The monthly
 * brief is a printable page of its own (server-rendered, last complete month), so it opens in
 * a new tab beside the app.
 */
export function surveyNav(survey: Survey, current: SurveyTab, canEdit: boolean): HTMLElement {
  const tabs: Array<[SurveyTab, string]> = [
    ["edit", canEdit ? "Edit" : "Questions"],
    ["preview", "Preview"],
    ["share", "QR code and print"],
    ["invitations", "Invitations"],
  ];
  // Results (and the analysis beside them) are what analysts come for; designers come to edit first.
  tabs.splice(
    canEdit ? 1 : 0,
    0,
    ["dashboard", "Results"],
    ["comments", "Comments"],
    ["compare", "Compare periods"],
    ["breakdowns", "Breakdowns"],
    ["export", "Export"],
  );
  return h(
    "nav",
    { class: "tabs", "aria-label": "This survey" },
    h(
      "ul",
      {},
      ...tabs.map(([tab, label]) =>
        h(
          "li",
          {},
          h(
            "a",
            { href: surveyHref(survey.id, tab), ...(tab === current ? { "aria-current": "page" } : {}) },
            label,
          ),
        ),
      ),
      h(
        "li",
        {},
        h(
          "a",
          {
            href: `/api/v1/surveys/${encodeURIComponent(survey.id)}/brief`,
            target: "_blank",
            rel: "noopener",
          },
          "Monthly brief",
          h("span", { class: "visually-hidden" }, " (opens in a new tab)"),
        ),
      ),
    ),
  );
}

/** Closing stops responses at once and every shared link and QR code with them: asked first. */
export function confirmClose(survey: Survey): Promise<boolean> {
  const title = textIn(survey.title, survey.languages[0]!) || "Untitled survey";
  return confirmAction({
    title: `Close “${title}”?`,
    message:
      "Residents can no longer answer: its link, QR codes and emailed invitations will say the survey is closed. You can reopen it later.",
    confirm: "Close survey",
    cancel: "Keep it open",
  });
}
