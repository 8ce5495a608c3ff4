import { h } from "../dom.js";
import type { Shell } from "../shell.js";
import type { Agency } from "../types.js";
import { api, ApiError } from "../api.js";
import { dateInput, explain, query, seesExact, surveyScreen } from "./analysis.js";

/** The file's bytes, or the API's error (its JSON body) as an ApiError. */
async function download(path: string): Promise<{ blob: Blob; filename: string }> {
  const response = await fetch(`/api/v1${path}`, { credentials: "same-origin" });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: ApiError["body"] };
    throw new ApiError(response.status, body.error ?? { code: "unknown", message: "Request failed" });
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "responses.csv";
  return { blob: await response.blob(), filename };
}

/**
 * The responses of a survey as CSV (one row per response, one column per question), for
 * analysts and admins: row-level answers cannot be suppressed, so designers are told who can
 * download it instead of being offered a button the server refuses.
 */
export async function showExport(shell: Shell, surveyId: string): Promise<void> {
  const { survey, body } = await surveyScreen(shell, surveyId, "export", "Export");
  body.append(
    h(
      "p",
      {},
      "One row per response and one column per question (a matrix has one per item), with the date, language, channel and district. Open-text answers have contact details removed; cells that a spreadsheet would run as a formula are made safe.",
    ),
  );
  if (!seesExact(shell)) {
    body.append(
      h(
        "p",
        { class: "notice" },
        "Exports hold every response's answers, so only analysts and admins can download them. Ask one of them, or use the Results, Comments and Compare periods pages.",
      ),
    );
    return;
  }
  const { agency } = await api<{ agency: Agency }>("GET", "/agency");
  const district = h(
    "select",
    { id: "export-district", name: "district" },
    h("option", { value: "" }, "All districts"),
    ...agency.districts.map((d) => h("option", { value: d.code }, `${d.name} (${d.code})`)),
  );
  const from = dateInput("export-from", "From (optional)");
  const to = dateInput("export-to", "To (optional)");
  const outcome = h("div", { "aria-live": "polite" });
  const button = h("button", { type: "submit" }, "Download CSV");
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "export-heading", novalidate: true },
    h("h2", { id: "export-heading" }, "Download responses"),
    h(
      "div",
      { class: "filters" },
      h("div", { class: "field" }, h("label", { for: "export-district" }, "District"), district),
      from.field,
      to.field,
    ),
    button,
    outcome,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    outcome.replaceChildren(h("p", { class: "loading" }, "Preparing the file…"));
    try {
      const params = query({ district: district.value, from: from.input.value, to: to.input.value });
      const file = await download(`/surveys/${survey.id}/export.csv${params}`);
      const url = URL.createObjectURL(file.blob);
      const link = h("a", { href: url, download: file.filename });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      outcome.replaceChildren(h("p", {}, `Downloaded ${file.filename}.`));
      shell.announce(`Downloaded ${file.filename}.`);
    } catch (error) {
      outcome.replaceChildren(
        h("p", { class: "notice warning", role: "alert" }, `The file could not be made. ${explain(error)}`),
      );
    } finally {
      button.disabled = false;
    }
  });
  body.append(form);
}
