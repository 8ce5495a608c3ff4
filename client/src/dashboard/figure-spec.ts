import type { AgreementShares } from "./chart-data.js";

/**
 * What the dashboard's figures are made from: the numbers a chart draws, the table that carries
 * every figure in text, and the sentence read instead of the picture. Built from results by
 * specs.ts and answer-specs.ts, drawn by charts.ts.
 */

/** What every figure has besides its picture: a table and one sentence read instead of it. */
interface TableSpec {
  /** Table caption and the start of the chart's accessible name. */
  caption: string;
  /** The data table: its header row and one row per label (first cell is the row header). */
  columns: string[];
  rows: string[][];
  /** One sentence that says what the chart shows, read instead of the picture. */
  summary: string;
  /** Why there is nothing to draw when every figure is hidden, said under "Not enough data yet". */
  emptyReason?: string;
}

/** Values over periods as lines, each with its 95% interval as a band where there is one. */
export interface LineSpec extends TableSpec {
  kind: "line";
  labels: string[];
  series: Array<{
    label: string;
    values: Array<number | null>;
    /** A line's 95% interval per point, drawn as a shaded band; null where none is shown. */
    band?: Array<[number, number] | null>;
  }>;
  yMax?: number;
  yTitle?: string;
}

/** One value per category as horizontal bars, every category named, each value written on. */
export interface BarsSpec extends TableSpec {
  kind: "bars";
  labels: string[];
  seriesLabel: string;
  values: Array<number | null>;
  /** What is written at each bar: its value, or the suppression label where it is hidden. */
  valueText: string[];
  /** 95% intervals drawn as error bars; null where none is shown. */
  intervals?: Array<[number, number] | null>;
  /** The highest the axis may go (100 for percents and scores). */
  max?: number;
  axisTitle?: string;
}

/** Agreement answers as diverging stacked bars, one row per item. */
export interface DivergingSpec extends TableSpec {
  kind: "diverging";
  items: Array<AgreementShares & { notes?: string[] }>;
}

export type FigureSpec = LineSpec | BarsSpec | DivergingSpec;

/** Whether a spec has anything to draw; without, the figure says so instead of bare axes. */
export function hasData(spec: FigureSpec): boolean {
  if (spec.kind === "line") return spec.series.some((s) => s.values.some((v) => v !== null));
  // All zero is no answers yet: a row of empty bars says nothing axes alone would not.
  if (spec.kind === "bars") return spec.values.some((v) => v !== null && v > 0);
  return spec.items.some((item) =>
    Object.entries(item.percents).some(([value, v]) => value !== "0" && v !== null && v > 0),
  );
}
