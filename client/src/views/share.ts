import { api } from "../api.js";
import { h } from "../dom.js";
import { languageName, textIn } from "../languages.js";
import { roleAtLeast } from "@shared/accounts.js";
import type { Shell } from "../shell.js";
import type { Survey } from "../types.js";
import { surveyNav } from "./survey-nav.js";

/**
 * Getting a published survey to residents: its link, the QR code to download (SVG for print
 * shops, PNG for documents), printable cards and a poster in its languages, and the
 * definition as a JSON file.
 */
export async function showShare(shell: Shell, surveyId: string): Promise<void> {
  const { survey } = await api<{ survey: Survey }>("GET", `/surveys/${surveyId}`);
  const title = textIn(survey.title, survey.languages[0]!) || "Untitled survey";
  const heading = h("h1", { tabindex: "-1" }, `QR code and print: ${title}`);
  const base = `/api/v1/surveys/${survey.id}`;
  const exportLink = h(
    "section",
    { class: "panel", "aria-labelledby": "export-heading" },
    h("h2", { id: "export-heading" }, "Survey file"),
    h(
      "p",
      {},
      "Download the definition to keep a copy or to share it with another agency; import it from the survey list.",
    ),
    h("a", { href: `${base}/export.json`, download: "", class: "button-link" }, "Export JSON"),
  );
  const canEdit = roleAtLeast(shell.user.role, "designer");
  if (survey.status === "draft") {
    shell.view.replaceChildren(
      heading,
      surveyNav(survey, "share", canEdit),
      h(
        "p",
        { class: "notice" },
        "Publish the survey first: a draft has no public link, QR code or card yet.",
      ),
      exportLink,
    );
    shell.arrived(heading, `QR code and print: ${title}`);
    return;
  }
  const { url, shortUrl } = await api<{ url: string; shortUrl: string }>(
    "GET",
    `/surveys/${survey.id}/public-link`,
  );
  const cardLinks = (format: "card" | "poster", label: string) =>
    h(
      "ul",
      { class: "link-list" },
      h(
        "li",
        {},
        h(
          "a",
          { href: `${base}/card?format=${format}`, target: "_blank", rel: "noopener" },
          `${label}, all languages`,
          h("span", { class: "visually-hidden" }, " (opens in a new tab)"),
        ),
      ),
      ...(survey.languages.length > 1
        ? survey.languages.map((language) =>
            h(
              "li",
              {},
              h(
                "a",
                {
                  href: `${base}/card?format=${format}&lang=${encodeURIComponent(language)}`,
                  target: "_blank",
                  rel: "noopener",
                },
                `${label}, ${languageName(language)} only`,
                h("span", { class: "visually-hidden" }, " (opens in a new tab)"),
              ),
            ),
          )
        : []),
    );
  shell.view.replaceChildren(
    heading,
    surveyNav(survey, "share", canEdit),
    h(
      "p",
      { class: "notice", hidden: survey.status !== "closed" },
      "This survey is closed: the link shows residents that it no longer takes answers.",
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "link-heading" },
      h("h2", { id: "link-heading" }, "Public link"),
      h("p", {}, h("a", { href: url, id: "public-url" }, url)),
      h("p", { class: "hint" }, `Printed as ${shortUrl}.`),
    ),
    h(
      "section",
      { class: "panel qr-panel", "aria-labelledby": "qr-heading" },
      h("h2", { id: "qr-heading" }, "QR code"),
      h("img", {
        src: `${base}/qr.svg`,
        alt: `QR code that opens ${url}`,
        width: "200",
        height: "200",
        class: "qr-preview",
      }),
      h(
        "ul",
        { class: "link-list" },
        h(
          "li",
          {},
          h(
            "a",
            { href: `${base}/qr.svg?download=1`, download: `${survey.slug}-qr.svg`, id: "download-svg" },
            "Download QR code (SVG)",
          ),
        ),
        h(
          "li",
          {},
          h(
            "a",
            {
              href: `${base}/qr.png?download=1&size=1024`,
              download: `${survey.slug}-qr.png`,
              id: "download-png",
            },
            "Download QR code (PNG, 1024 px)",
          ),
        ),
      ),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "print-heading" },
      h("h2", { id: "print-heading" }, "Printable cards and poster"),
      h(
        "p",
        {},
        "Cards for officers to hand out after a contact: eight per page, with the agency's name, a short invitation in the survey's languages, the QR code and the link.",
      ),
      cardLinks("card", "Sheet of cards"),
      cardLinks("poster", "Poster"),
    ),
    exportLink,
  );
  shell.arrived(heading, `QR code and print: ${title}`);
}
