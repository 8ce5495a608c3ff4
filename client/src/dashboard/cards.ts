import {
  UNRELIABLE_NOTE,
  WEAK_BELOW,
  changeOf,
  indexFlags,
  isReliable,
  resultsFigures,
  type Attention,
} from "@shared/flags.js";
import { RESOURCE_KIND_NAMES as KIND_NAMES } from "@shared/resources.js";
import { isSuppressed } from "@shared/suppression.js";
import { h } from "../dom.js";
import {
  INDEX_NAMES,
  INDEX_ORDER,
  plain,
  shown,
  type Comparison,
  type IndexChange,
  type Recommendation,
  type Results,
} from "./data.js";

const REASONS: Record<Attention, string> = {
  falling: "Falling significantly",
  weak: `Weak: below ${WEAK_BELOW}`,
  weakest: "Weakest indicator",
  rising: "Rising significantly",
};
const NEEDS_ATTENTION = new Set<Attention>(["falling", "weak", "weakest"]);
const unreliable = (): HTMLElement => h("p", { class: "hint unreliable" }, `⚠ ${sentence(UNRELIABLE_NOTE)}.`);
const sentence = (text: string): string => `${text[0]!.toUpperCase()}${text.slice(1)}`;

function changeLine(comparison: Comparison | null, key: string, label: string): HTMLElement {
  if (!comparison) return h("p", { class: "change" }, "No earlier wave to compare with yet.");
  const entry = comparison.indices[key];
  if (!entry || isSuppressed(entry)) return h("p", { class: "change" }, `Change: ${label}.`);
  const c = entry as IndexChange;
  if (isSuppressed(c.change)) return h("p", { class: "change" }, `Change: ${label}.`);
  const change = plain(c.change);
  if (change === null) return h("p", { class: "change" }, "No change to report.");
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const arrow = change > 0 ? "up" : change < 0 ? "down" : "unchanged";
  // The same wave sizes the flag rule reads: a "significant" test on thin waves flags nothing.
  const judged = changeOf(comparison, key);
  const thin = c.significant === true && !(isReliable(judged?.nA) && isReliable(judged?.nB));
  const verdict = thin ? "too few answers to judge" : c.significant ? "significant" : "not significant";
  const pText = (p: number): string => (p < 0.001 ? "< 0.001" : `= ${p.toFixed(3)}`);
  // Both: the raw p alone would overstate a change found among many tests.
  const p =
    typeof c.p === "number"
      ? `, p ${pText(c.p)}${typeof c.pAdjusted === "number" ? `, adjusted p ${pText(c.pAdjusted)} (Holm)` : ""}`
      : "";
  return h(
    "p",
    { class: `change${c.significant && !thin ? " significant" : ""}` },
    `${sign}${Math.abs(change).toFixed(1)} points (${arrow}) since ${comparison.waves.a.from.slice(0, 7)}: `,
    h("strong", {}, verdict),
    ` (${c.testName ?? "Welch's t-test"}${p}).`,
  );
}

function resourceList(rec: Recommendation): HTMLElement {
  // Collapsed with its count: seven open lists made the section far taller than the cards.
  const count = rec.resources.length;
  return h(
    "details",
    { class: "resources" },
    h(
      "summary",
      {},
      `${count} suggested resource${count === 1 ? "" : "s"} for this ${rec.reason === "falling" ? "fall" : "weak spot"}`,
    ),
    h(
      "ul",
      {},
      ...rec.resources.map((r) =>
        h(
          "li",
          {},
          r.url
            ? h("a", { href: r.url, rel: "noopener" }, r.title)
            : h("a", { href: `#/library/${r.id}` }, r.title),
          h("span", { class: "resource-meta" }, ` — ${KIND_NAMES[r.kind] ?? r.kind}, ${r.category}`),
          h("p", { class: "hint" }, r.why),
        ),
      ),
    ),
  );
}

/**
 * One card per index: score 0–100 with its 95% interval and n (or the suppression label, never
 * a number), the weighted estimate when asked for, the change since the previous wave with the
 * test that decided "significant", and the flag the shared rule (shared/flags.ts) gives these
 * very figures, with the resources the server found for the same flag. Below the minimum n
 * (effective n when weighted) there is no interval and no flag, only a plain warning.
 */
export function indicatorCards(
  results: Results,
  comparison: Comparison | null,
  recommendations: Recommendation[],
): HTMLElement[] {
  const label = results.suppression?.label ?? "fewer than 10";
  const weighted = results.weighted && results.weighting?.["applied"] === true ? results.weighted : null;
  const flags = indexFlags(resultsFigures(results, comparison));
  return INDEX_ORDER.map((key) => {
    const index = results.indices[key];
    const name = INDEX_NAMES[key]!;
    const flag = flags[key as keyof typeof flags];
    // Resources only for the flag this card shows, so the two can never disagree.
    const rec = recommendations.find((r) => r.indicator === key && r.reason === flag);
    const attention = flag !== undefined && NEEDS_ATTENTION.has(flag);
    const reliable = isReliable(plain(index?.n));
    const score = index?.score;
    const scoreText = isSuppressed(score)
      ? label
      : typeof score === "number"
        ? score.toFixed(1)
        : "No answers yet";
    const ci = index?.ci95;
    const ciText = isSuppressed(ci)
      ? label
      : Array.isArray(ci) && reliable
        ? `${ci[0].toFixed(1)}–${ci[1].toFixed(1)}`
        : "—";
    const w = weighted?.indices[key];
    const weightedReliable = w ? isReliable(plain(w.effectiveN)) : true;
    const moe = w && weightedReliable ? plain(w.marginOfError) : null;
    const headingId = `card-${key}`;
    return h(
      "article",
      {
        class: `card${attention ? " attention" : ""}`,
        "aria-labelledby": headingId,
        "data-index": key,
        ...(flag ? { "data-flag": flag } : {}),
      },
      h("h3", { id: headingId }, name),
      h(
        "p",
        { class: "score" },
        h("span", { class: "score-value" }, scoreText),
        plain(score) !== null ? " / 100" : "",
      ),
      flag
        ? h("p", { class: `flag${attention ? "" : " good"}` }, `${attention ? "⚠" : "▲"} ${REASONS[flag]}`)
        : null,
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "95% interval"),
        h("dd", {}, ciText),
        h("dt", {}, "n"),
        h("dd", { class: "index-n" }, shown(index?.n, label, 0)),
        ...(w
          ? [
              h("dt", {}, "Weighted"),
              h("dd", {}, `${shown(w.score, label)}${moe !== null ? ` ± ${moe.toFixed(1)}` : ""}`),
            ]
          : []),
      ),
      // A hidden or empty score has no interval to withhold.
      typeof score === "number" && (!reliable || !weightedReliable) ? unreliable() : null,
      changeLine(comparison, key, label),
      rec && rec.resources.length > 0 ? resourceList(rec) : null,
    );
  });
}
