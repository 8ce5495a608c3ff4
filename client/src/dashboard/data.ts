import { PROTECTS_OTHERS_LABEL, isSuppressed, type Cell, type ResultsBody } from "@shared/suppression.js";
import { api } from "../api.js";
import type { Agency, Survey } from "../types.js";

export type Results = ResultsBody & {
  filters?: { district: string | null; from: string | null; to: string | null };
};

export interface TrendPoint {
  period: string;
  n: Cell<number>;
  indices: Record<string, { score: Cell<number | null>; n: Cell<number> }>;
}

export interface IndexChange {
  a?: Cell<number | null>;
  b?: Cell<number | null>;
  change?: Cell<number | null>;
  testName?: string;
  /** This test's own p. */
  p?: number | null;
  /** p after Holm's correction over every test of the comparison; `significant` is decided on it. */
  pAdjusted?: number | null;
  significant?: boolean;
}

export interface Comparison {
  waves: { a: { from: string; to: string }; b: { from: string; to: string } };
  indices: Record<string, IndexChange | { suppressed: true }>;
}

export interface Recommendation {
  indicator: string;
  reason: "falling" | "weak" | "weakest";
  resources: Array<{
    id: string;
    title: string;
    kind: string;
    category: string;
    summary: string;
    url: string | null;
  }>;
}

export interface Funnel {
  created: number;
  sent: number;
  opened: number;
  completed: number;
  bounced: number;
}

export interface Filters {
  district: string;
  from: string;
  to: string;
  weighted: boolean;
}

export const NO_FILTERS: Filters = { district: "", from: "", to: "", weighted: false };

export const isFiltered = (f: Filters): boolean => Boolean(f.district || f.from || f.to || f.weighted);

export const INDEX_NAMES: Record<string, string> = {
  procedural_justice: "Procedural justice",
  procedural_justice_voice: "Voice",
  procedural_justice_neutrality: "Neutrality",
  procedural_justice_respect: "Respect",
  procedural_justice_motives: "Trustworthy motives",
  trust: "Trust and legitimacy",
  safety: "Safety",
};
export const INDEX_ORDER = Object.keys(INDEX_NAMES);
/** The three headline indices drawn as lines; the table holds all of them. */
export const HEADLINE = ["procedural_justice", "trust", "safety"];

/** A number as shown: one decimal, or the suppression label, or a dash when there is none. */
export function shown(value: Cell<number | null> | undefined, label: string, digits = 1): string {
  if (isSuppressed(value)) return value.protects === "others" ? PROTECTS_OTHERS_LABEL : label;
  if (typeof value !== "number") return "—";
  return value.toFixed(digits);
}

export const plain = (value: unknown): number | null => (typeof value === "number" ? value : null);

function query(params: Record<string, string | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** `2026-11` → the first and last day of that month. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

export const loadSurvey = (id: string) => api<{ survey: Survey }>("GET", `/surveys/${id}`);
export const loadAgency = () => api<{ agency: Agency }>("GET", "/agency");

export const loadResults = (id: string, f: Filters) =>
  api<Results>(
    "GET",
    `/surveys/${id}/results${query({ district: f.district, from: f.from, to: f.to, weighted: f.weighted })}`,
  );

export const loadTrends = (id: string, interval: "week" | "month", district: string) =>
  api<{ points: TrendPoint[]; suppression?: { reason?: string } }>(
    "GET",
    `/surveys/${id}/trends${query({ interval, district })}`,
  );

/** The last two months with responses compared (Welch's t-test per index), or null with fewer. */
export async function loadChange(id: string, district: string): Promise<Comparison | null> {
  const { points } = await loadTrends(id, "month", district);
  if (points.length < 2) return null;
  const a = monthRange(points[points.length - 2]!.period);
  const b = monthRange(points[points.length - 1]!.period);
  return api<Comparison>(
    "GET",
    `/surveys/${id}/compare${query({ a_from: a.from, a_to: a.to, b_from: b.from, b_to: b.to, district })}`,
  );
}

export const loadRecommendations = (id: string) =>
  api<{ recommendations: Recommendation[] }>("GET", `/surveys/${id}/resources`);

export const loadFunnel = (id: string) => api<Funnel>("GET", `/surveys/${id}/invitations/summary`);

/** Results of each district, for the comparison (same dates as the main filter). */
export async function loadDistricts(id: string, agency: Agency, f: Filters) {
  return Promise.all(
    agency.districts.map(async (d) => ({
      district: d,
      results: await loadResults(id, { ...NO_FILTERS, district: d.code, from: f.from, to: f.to }),
    })),
  );
}
