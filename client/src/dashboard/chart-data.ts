/**
 * Pure helpers that turn figures into what the charts draw: the diverging stacks of agreement
 * answers, wrapped axis labels, bar heights and axis ends. No DOM and no Chart.js here, so
 * the unit tests can check them directly.
 */

export type Side = "negative" | "neutral" | "positive";

/** The agreement scale from left to right; "don't know" (0) is not on it. */
export const AGREEMENT_LEVELS: ReadonlyArray<{ value: string; label: string; side: Side }> = [
  { value: "1", label: "Strongly disagree", side: "negative" },
  { value: "2", label: "Disagree", side: "negative" },
  { value: "3", label: "Neither agree nor disagree", side: "neutral" },
  { value: "4", label: "Agree", side: "positive" },
  { value: "5", label: "Strongly agree", side: "positive" },
];

/** One row of a diverging chart: an item's share per answer value, null where it is hidden. */
export interface AgreementShares {
  label: string;
  percents: Record<string, number | null>;
}

export interface DivergingDataset {
  /** The answer value the segment stands for ("3" for both halves of the neutral answer). */
  value: string;
  label: string;
  /** Signed: answers that disagree lie left of zero, those that agree right of it. */
  data: Array<number | null>;
  /** The answer's whole share per row, for labels and tooltips (a neutral half shows it all). */
  shares: Array<number | null>;
  /** Position in the legend, left to right on the scale. */
  rank: number;
  /** The second half of the neutral answer is drawn but not listed twice. */
  inLegend: boolean;
  /** Where the segment's value is written: inside it, or centred on zero (the neutral answer). */
  anchor: "inside" | "zero" | "none";
}

/**
 * The datasets of a diverging stacked bar chart, in the order Chart.js stacks them: each side
 * grows outward from zero, so the datasets nearest zero come first. The neutral answer is split
 * in half across zero; disagreeing answers are negative. Hidden shares stay null: nothing is
 * drawn for them and nothing is estimated in their place.
 */
export function divergingDatasets(rows: AgreementShares[]): DivergingDataset[] {
  const level = (value: string) => AGREEMENT_LEVELS.find((l) => l.value === value)!;
  const shares = (value: string) => rows.map((r) => r.percents[value] ?? null);
  const signed = (value: string, factor: number) =>
    shares(value).map((v) => (v === null ? null : v * factor));
  const rank = (value: string) => AGREEMENT_LEVELS.findIndex((l) => l.value === value);
  const of = (
    value: string,
    factor: number,
    anchor: DivergingDataset["anchor"],
    inLegend = true,
  ): DivergingDataset => ({
    value,
    label: level(value).label,
    data: signed(value, factor),
    shares: shares(value),
    rank: rank(value),
    inLegend,
    anchor,
  });
  return [
    of("3", -0.5, "none"),
    of("2", -1, "inside"),
    of("1", -1, "inside"),
    of("3", 0.5, "zero", false),
    of("4", 1, "inside"),
    of("5", 1, "inside"),
  ];
}

/**
 * The half-width of a diverging chart's axis: the longer side of any row (half the neutral
 * answer included), rounded up to a multiple of 10 and at most 100, so zero sits in the middle
 * and every segment fits.
 */
export function divergingExtent(datasets: DivergingDataset[]): number {
  const rows = Math.max(0, ...datasets.map((d) => d.data.length));
  let longest = 0;
  for (let i = 0; i < rows; i++) {
    let left = 0;
    let right = 0;
    for (const d of datasets) {
      const v = d.data[i] ?? 0;
      if (v < 0) left -= v;
      else right += v;
    }
    longest = Math.max(longest, left, right);
  }
  return Math.min(100, Math.max(10, Math.ceil(longest / 10) * 10));
}

/**
 * The end of a bar chart's value axis: past the longest bar and interval, rounded up to a
 * multiple of 10 (5 below 20), never past `cap` (100 for percents and scores).
 */
export function axisEnd(
  values: Array<number | null>,
  intervals: Array<[number, number] | null> | undefined,
  cap?: number,
): number {
  const highest = Math.max(0, ...values.map((v) => v ?? 0), ...(intervals ?? []).map((i) => (i ? i[1] : 0)));
  const step = highest < 20 ? 5 : 10;
  const end = Math.max(step, Math.ceil(highest / step) * step);
  return cap === undefined ? end : Math.min(cap, end);
}

/**
 * A label broken into lines of at most `width` characters at spaces, so every category keeps
 * its whole name on the axis instead of being cut or skipped. A single word longer than the
 * width stays whole.
 */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/**
 * How many characters of a category label fit on one line of a chart `width` pixels wide: the
 * labels take at most about 40% of it, at about 6.6 pixels a character.
 */
export const labelCharacters = (width: number): number =>
  Math.min(32, Math.max(12, Math.floor((width * 0.4) / 6.6)));

/**
 * Pixels for a horizontal bar chart. Chart.js gives every row the same height, so each is as
 * tall as the tallest wrapped label; then the axis and the legend.
 */
export function barChartHeight(labels: string[][], withLegend: boolean): number {
  const lines = Math.max(1, ...labels.map((l) => l.length));
  return labels.length * Math.max(30, lines * 15 + 12) + 48 + (withLegend ? 72 : 0);
}
