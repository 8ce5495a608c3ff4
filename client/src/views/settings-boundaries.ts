import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import type { Shell } from "../shell.js";

interface BoundarySummary {
  districts: string[];
  missing: string[];
  sizes: { receivedBytes: number; storedBytes: number; receivedPositions: number; storedPositions: number };
}

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * Only what the server keeps leaves the browser: each feature's district code and geometry.
 * A GIS export's other attributes (often keys such as `Shape.Area`) would only add weight.
 */
function slimmed(file: unknown, codeProperty: string): unknown {
  const collection = file as { type?: unknown; features?: unknown };
  if (collection?.type !== "FeatureCollection" || !Array.isArray(collection.features)) return file;
  return {
    type: "FeatureCollection",
    features: collection.features.map(
      (feature: { properties?: Record<string, unknown>; geometry?: unknown }) => {
        const code = feature?.properties?.[codeProperty];
        return {
          type: "Feature",
          properties: code === undefined || code === null ? {} : { district: String(code) },
          geometry: feature?.geometry ?? null,
        };
      },
    ),
  };
}

/** Upload or remove the agency's district boundaries (GeoJSON); the server's problems shown as given. */
export async function boundariesSection(shell: Shell): Promise<HTMLElement> {
  const summaryHost = h("div", { class: "summary-host" });
  const currentHost = h("div");
  const file = h("input", {
    type: "file",
    id: "boundaries-file",
    accept: ".geojson,.json,application/geo+json,application/json",
    "data-path": "body",
    "data-label": "GeoJSON file",
    "aria-describedby": "boundaries-hint",
  });
  const property = h("input", {
    type: "text",
    id: "boundaries-property",
    value: "district",
    maxlength: "60",
  });
  const showCurrent = (summary: BoundarySummary | null) => {
    if (!summary)
      return currentHost.replaceChildren(h("p", {}, "No boundaries yet: districts are shown as bars."));
    const remove = h("button", { type: "button", class: "secondary danger" }, "Remove boundaries");
    remove.addEventListener("click", async () => {
      try {
        await api("DELETE", "/agency/boundaries");
        showCurrent(null);
        shell.announce("Boundaries removed.");
      } catch (error) {
        shell.announce(describeError(error));
      }
    });
    const { sizes } = summary;
    currentHost.replaceChildren(
      h(
        "p",
        { id: "boundaries-current" },
        `Boundaries for ${summary.districts.join(", ")}` +
          (summary.missing.length ? ` (none for ${summary.missing.join(", ")}).` : ".") +
          ` Simplified from ${sizes.receivedPositions} points (${kb(sizes.receivedBytes)}) to ${sizes.storedPositions} (${kb(sizes.storedBytes)}).`,
      ),
      remove,
    );
  };
  const stored = await api<{ boundaries: BoundarySummary | null }>("GET", "/agency/boundaries");
  showCurrent(stored.boundaries);
  const form = h(
    "form",
    { class: "stack-wide", novalidate: true, "aria-labelledby": "boundaries-heading" },
    summaryHost,
    currentHost,
    h(
      "div",
      { class: "field" },
      h("label", { for: "boundaries-file" }, "GeoJSON file"),
      h(
        "p",
        { class: "hint", id: "boundaries-hint" },
        "A FeatureCollection with one Polygon or MultiPolygon per district, in longitude and latitude (WGS 84), at most 2 MB.",
      ),
      file,
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "boundaries-property" }, "Property that holds the district code"),
      property,
    ),
    h("button", { type: "submit", class: "secondary" }, "Upload boundaries"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const report = (messages: string[], lead = "") =>
      showProblems(
        form,
        summaryHost,
        problemCount(messages.length, "the boundaries"),
        messages.map((message) => ({ path: "body", message })),
        lead,
      );
    const chosen = file.files?.[0];
    if (!chosen) return report(["Choose a GeoJSON file."]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await chosen.text());
    } catch {
      return report(["The file is not JSON: export it from your GIS as GeoJSON."]);
    }
    try {
      const saved = await api<{ boundaries: BoundarySummary }>(
        "PUT",
        "/agency/boundaries",
        slimmed(parsed, property.value.trim() || "district"),
      );
      summaryHost.replaceChildren();
      file.value = "";
      showCurrent(saved.boundaries);
      shell.announce("Boundaries uploaded.");
    } catch (error) {
      const problems = problemsOf(error).map((p) => `${p.path}: ${p.message}`);
      report(problems.length ? problems : [describeError(error)], describeError(error));
    }
  });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "boundaries-heading" },
    h("h2", { id: "boundaries-heading" }, "District boundaries"),
    form,
  );
}
