import { api, ApiError, type ApiErrorBody } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import { textField } from "../fields.js";
import type { Shell } from "../shell.js";
import type { AgencySettings } from "./settings.js";

const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"];
const LOGO_MAX_BYTES = 100 * 1024;

/** The logo goes up as the raw image; the session's CSRF token is read fresh for it. */
async function uploadLogo(file: File): Promise<AgencySettings> {
  const { csrfToken } = await api<{ csrfToken: string }>("GET", "/auth/me");
  const response = await fetch("/api/v1/agency/logo", {
    method: "PUT",
    headers: { "content-type": file.type, "x-csrf-token": csrfToken },
    credentials: "same-origin",
    body: file,
  });
  const data = (await response.json()) as { agency: AgencySettings; error?: ApiErrorBody };
  if (!response.ok)
    throw new ApiError(response.status, data.error ?? { code: "unknown", message: "Upload failed" });
  return data.agency;
}

function colourForm(shell: Shell, agency: AgencySettings): HTMLElement {
  let value = agency.brandColor ?? "";
  const summaryHost = h("div", { class: "summary-host" });
  const form = h(
    "form",
    { class: "stack-wide", novalidate: true, "aria-labelledby": "colour-heading" },
    h("h3", { id: "colour-heading" }, "Colour"),
    summaryHost,
    textField({
      label: "Brand colour",
      path: "brandColor",
      value,
      maxLength: 7,
      hint: "A hex colour such as #0b5cad, dark enough for white text on it (contrast 4.5:1 or more). Leave empty for the default.",
      onInput: (v) => (value = v),
    }),
    h("button", { type: "submit" }, "Save colour"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("PATCH", "/agency", { brandColor: value.trim() === "" ? null : value.trim() });
      summaryHost.replaceChildren();
      shell.announce("Brand colour saved.");
    } catch (error) {
      const problems = problemsOf(error);
      showProblems(
        form,
        summaryHost,
        problemCount(problems.length, "the colour"),
        problems,
        describeError(error),
      );
    }
  });
  return form;
}

function logoForm(shell: Shell, agency: AgencySettings): HTMLElement {
  const summaryHost = h("div", { class: "summary-host" });
  const previewHost = h("div", { class: "logo-preview-host" });
  const file = h("input", {
    type: "file",
    id: "logo-file",
    accept: LOGO_TYPES.join(","),
    "data-path": "body",
    "data-label": "Logo file",
    "aria-describedby": "logo-hint",
  });
  const showLogo = (url: string | null) => {
    const remove = h("button", { type: "button", class: "secondary danger" }, "Remove logo");
    remove.addEventListener("click", async () => {
      try {
        await api("DELETE", "/agency/logo");
        showLogo(null);
        shell.announce("Logo removed.");
      } catch (error) {
        shell.announce(describeError(error));
      }
    });
    previewHost.replaceChildren(
      ...(url
        ? [h("img", { src: url, alt: `Current logo of ${agency.name}`, class: "logo-preview" }), remove]
        : [h("p", {}, "No logo yet.")]),
    );
  };
  showLogo(agency.logoUrl);
  const form = h(
    "form",
    { class: "stack-wide", novalidate: true, "aria-labelledby": "logo-heading" },
    h("h3", { id: "logo-heading" }, "Logo"),
    summaryHost,
    previewHost,
    h(
      "div",
      { class: "field" },
      h("label", { for: "logo-file" }, "New logo"),
      h("p", { class: "hint", id: "logo-hint" }, "PNG, JPEG or WebP, at most 100 KB."),
      file,
    ),
    h("button", { type: "submit", class: "secondary" }, "Upload logo"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    const report = (message: string, lead = "") =>
      showProblems(form, summaryHost, problemCount(1, "the logo"), [{ path: "body", message }], lead);
    if (!chosen) return report("Choose an image file.");
    if (!LOGO_TYPES.includes(chosen.type)) return report("The logo must be a PNG, JPEG or WebP image.");
    if (chosen.size > LOGO_MAX_BYTES)
      return report(`The file is ${Math.ceil(chosen.size / 1024)} KB; at most 100 KB.`);
    try {
      const saved = await uploadLogo(chosen);
      summaryHost.replaceChildren();
      file.value = "";
      showLogo(saved.logoUrl);
      shell.announce("Logo uploaded.");
    } catch (error) {
      report(problemsOf(error)[0]?.message ?? describeError(error), describeError(error));
    }
  });
  return form;
}

/** Brand colour (checked for contrast by the server) and the agency's logo. */
export function brandingSection(shell: Shell, agency: AgencySettings): HTMLElement {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "branding-heading" },
    h("h2", { id: "branding-heading" }, "Branding"),
    colourForm(shell, agency),
    logoForm(shell, agency),
  );
}
