import { h } from "../dom.js";
import type { Agency } from "../types.js";
import { NO_FILTERS, type Filters, type Results } from "./data.js";

/** District, dates and the weighted toggle; applying reloads every figure with them. */
export function filterForm(agency: Agency, apply: (filters: Filters) => Promise<void>): HTMLFormElement {
  const district = h(
    "select",
    { id: "filter-district", name: "district" },
    h("option", { value: "" }, "All districts"),
    ...agency.districts.map((d) => h("option", { value: d.code }, `${d.name} (${d.code})`)),
  );
  const from = h("input", { type: "date", id: "filter-from", name: "from" });
  const to = h("input", { type: "date", id: "filter-to", name: "to" });
  const weighted = h("input", { type: "checkbox", id: "filter-weighted", name: "weighted" });
  const reset = h("button", { type: "button", class: "secondary" }, "Clear filters");
  const form = h(
    "form",
    { class: "panel filters", "aria-labelledby": "filters-heading", novalidate: true },
    h("h2", { id: "filters-heading" }, "Filters"),
    h(
      "div",
      { class: "filter-fields" },
      h("div", { class: "field" }, h("label", { for: "filter-district" }, "District"), district),
      h("div", { class: "field" }, h("label", { for: "filter-from" }, "From"), from),
      h("div", { class: "field" }, h("label", { for: "filter-to" }, "To"), to),
      h(
        "div",
        { class: "check" },
        weighted,
        h("label", { for: "filter-weighted" }, "Weighted to the population (raking)"),
      ),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Apply filters"), reset),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void apply({ district: district.value, from: from.value, to: to.value, weighted: weighted.checked });
  });
  reset.addEventListener("click", () => {
    form.reset();
    void apply({ ...NO_FILTERS });
  });
  return form;
}

/** How the weighted figures were made, or why there are none. */
export function weightingNote(requested: boolean, results: Results): HTMLElement[] {
  if (!requested) return [];
  const w = results.weighting ?? {};
  if (w["applied"] !== true) {
    return [
      h(
        "p",
        { class: "notice warning" },
        `Weighting not applied: ${typeof w["reason"] === "string" ? w["reason"] : "no reason given"}. The figures are unweighted.`,
      ),
    ];
  }
  const variables = Array.isArray(w["variables"]) ? (w["variables"] as string[]).join(", ") : "";
  const deff = typeof w["designEffect"] === "number" ? w["designEffect"].toFixed(2) : "—";
  const effective = typeof w["effectiveN"] === "number" ? w["effectiveN"].toFixed(1) : "—";
  return [
    h(
      "p",
      { class: "notice" },
      `Weighted by raking on ${variables || "the agency's margins"}: design effect ${deff}, effective n ${effective}. `,
      "Cards show the weighted score beside the unweighted one; tables add a weighted percent column.",
    ),
    // The server's own words: converging says the margins were met, not that n is enough.
    ...(typeof w["warning"] === "string" ? [h("p", { class: "notice warning" }, w["warning"])] : []),
  ];
}
