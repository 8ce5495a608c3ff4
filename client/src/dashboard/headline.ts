import { UNRELIABLE_NOTE, isReliable } from "@shared/flags.js";
import type { PeriodSpan } from "@shared/periods.js";
import { isSuppressed, type Cell } from "@shared/suppression.js";
import type { Interval } from "@shared/statistics.js";
import { h } from "../dom.js";
import { HEADLINE, INDEX_NAMES, plain, shown, type Results } from "./data.js";

/** One headline index as shown: the weighted estimate when weighting applied, else the exact one. */
interface HeadlineIndex {
  score: Cell<number | null> | undefined;
  ci95: Cell<Interval | null> | undefined;
  /** The n the interval rests on: the Kish effective n when weighted. */
  base: Cell<number> | undefined;
  n: Cell<number> | undefined;
}

function indexOf(body: Results, key: string): HeadlineIndex {
  const exact = body.indices[key];
  const weighted = body.weighting?.["applied"] === true ? body.weighted?.indices[key] : undefined;
  if (weighted) return { score: weighted.score, ci95: weighted.ci95, base: weighted.effectiveN, n: exact?.n };
  return { score: exact?.score, ci95: exact?.ci95, base: exact?.n, n: exact?.n };
}

/** "month 2026-11" or "quarter 2026-Q3": what the heading calls the period. */
const periodName = (span: PeriodSpan): string =>
  span.period.includes("-Q") ? `quarter: ${span.period}` : `month: ${span.period}`;

/**
 * The present first: each headline index in the latest complete period (a month, or a
 * quarter when the agency chose it), from the same estimator as the view (weighted when
 * weighting applied), with its 95% interval (none on fewer than 30 answers, or effective
 * answers) and n, and the figure over all time beside it, so an average of every month never
 * stands in for how things are now.
 */
export function headlineFigures(
  span: PeriodSpan,
  period: Results | null,
  overall: Results | null,
  label: string,
): HTMLElement {
  const heading = h("h3", { id: "headline-heading" }, `Latest complete ${periodName(span)}`);
  const box = (...children: Array<Node | null>) =>
    h(
      "div",
      { class: "headline", role: "group", "aria-labelledby": "headline-heading" },
      heading,
      ...children,
    );
  // A view not offered to this role comes back empty with a reason, not as "no responses".
  if (period === null || period.suppression?.reason)
    return box(h("p", { class: "hint" }, "Figures for this period are not offered for this view."));
  if (period.n === 0) return box(h("p", { class: "hint" }, `No responses in ${span.period}.`));
  const all = (key: string) => (overall ? shown(indexOf(overall, key).score, label) : "…");
  return box(
    h(
      "dl",
      { class: "headline-facts" },
      ...HEADLINE.flatMap((key) => {
        const index = indexOf(period, key);
        const reliable = isReliable(plain(index.base));
        const ci = index.ci95;
        const range =
          Array.isArray(ci) && reliable ? `, 95% interval ${ci[0].toFixed(1)}–${ci[1].toFixed(1)}` : "";
        const note =
          plain(index.score) !== null && !reliable && !isSuppressed(ci) ? ` (${UNRELIABLE_NOTE})` : "";
        return [
          h("dt", {}, INDEX_NAMES[key]!),
          h(
            "dd",
            { "data-index": key },
            h("strong", { class: "headline-score" }, shown(index.score, label)),
            `${range}, n ${shown(index.n, label, 0)}${note}`,
            h("span", { class: "headline-all" }, ` · all time: ${all(key)}`),
          ),
        ];
      }),
    ),
  );
}
