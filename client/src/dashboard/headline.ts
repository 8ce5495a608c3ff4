import { UNRELIABLE_NOTE, isReliable } from "@shared/flags.js";
import { h } from "../dom.js";
import { HEADLINE, INDEX_NAMES, plain, shown, type Results, type TrendPoint } from "./data.js";

/**
 * The present first: each headline index in the latest complete month, with its 95% interval
 * (none on fewer than 30 answers) and n, and the figure over all months beside it, so an
 * average of every month never stands in for how things are now.
 */
export function headlineFigures(
  month: string,
  points: TrendPoint[] | null,
  overall: Results | null,
  label: string,
): HTMLElement {
  const heading = h("h3", { id: "headline-heading" }, `Latest complete month: ${month}`);
  const box = (...children: Array<Node | null>) =>
    h(
      "div",
      { class: "headline", role: "group", "aria-labelledby": "headline-heading" },
      heading,
      ...children,
    );
  if (points === null)
    return box(h("p", { class: "hint" }, "Monthly figures are not offered for this view."));
  const point = points.find((p) => p.period === month);
  if (!point) return box(h("p", { class: "hint" }, `No responses in ${month}.`));
  return box(
    h(
      "dl",
      { class: "headline-facts" },
      ...HEADLINE.flatMap((key) => {
        const index = point.indices[key];
        const ci = index?.ci95;
        const reliable = isReliable(plain(index?.n));
        const range =
          Array.isArray(ci) && reliable ? `, 95% interval ${ci[0].toFixed(1)}–${ci[1].toFixed(1)}` : "";
        const note = plain(index?.score) !== null && !reliable ? ` (${UNRELIABLE_NOTE})` : "";
        const all = overall ? shown(overall.indices[key]?.score, label) : "…";
        return [
          h("dt", {}, INDEX_NAMES[key]!),
          h(
            "dd",
            { "data-index": key },
            h("strong", { class: "headline-score" }, shown(index?.score, label)),
            `${range}, n ${shown(index?.n, label, 0)}${note}`,
            h("span", { class: "headline-all" }, ` · all months: ${all}`),
          ),
        ];
      }),
    ),
  );
}
