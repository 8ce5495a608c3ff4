import type { Interval } from "@shared/statistics.js";
import { PROTECTS_OTHERS_LABEL, isSuppressed, type Cell, type ResultsBody } from "@shared/suppression.js";
import { lastTwoMonths } from "@shared/flags.js";
import { api } from "../api.js";
import type { Agency, Survey } from "../types.js";

export type Results = ResultsBody & {
  filters?: { district: string | null; from: string | null; to: string | null };
};

export interface TrendPoint {
  period: string;
  n: Cell<number>;
  /** `ci95` per point for every role; the disclosure step hides it with the score. */
  indices: Record<string, { score: Cell<number | null>; ci95?: Cell<Interval | null>; n: Cell<number> }>;
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
  waves: {
    a: { from: string; to: string; n: Cell<number> };
    b: { from: string; to: string; n: Cell<number> };
  };
  indices: Record<string, IndexChange | { suppressed: true }>;
  weighting?: Record<string, unknown>;
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
    /** The curated mapping's one-line reason this resource fits the indicator. */
    why: string;
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

export const loadSurvey = (id: string) => api<{ survey: Survey }>("GET", `/surveys/${id}`);
export const loadAgency = () => api<{ agency: Agency }>("GET", "/agency");

export type Trends = { points: TrendPoint[]; suppression?: { reason?: string } };

/**
 * What one survey's dashboard reads, each URL asked once: the cards' comparison, the headline
 * and the trend chart all read the same monthly trends, and the districts chart may want the
 * very results the cards show. `forget()` when the figures may have changed (other filters, a
 * refresh, new responses); a failed read is forgotten at once, so it is tried again.
 */
export function surveyReader(id: string) {
  const asked = new Map<string, Promise<unknown>>();
  const get = <T>(path: string): Promise<T> => {
    let answer = asked.get(path) as Promise<T> | undefined;
    if (!answer) {
      answer = api<T>("GET", `/surveys/${id}${path}`);
      asked.set(path, answer);
      answer.catch(() => asked.delete(path));
    }
    return answer;
  };
  const results = (f: Filters) =>
    get<Results>(`/results${query({ district: f.district, from: f.from, to: f.to, weighted: f.weighted })}`);
  const trends = (interval: "week" | "month", district: string) =>
    get<Trends>(`/trends${query({ interval, district })}`);

  return {
    results,
    trends,
    /**
     * The last two months with responses within the filters compared (Welch's t-test per
     * index), or null with fewer: the same waves the server judges the resources' flags on.
     */
    async change(f: Filters): Promise<Comparison | null> {
      const { points } = await trends("month", f.district);
      const waves = lastTwoMonths(
        points.map((p) => p.period),
        f,
      );
      if (!waves) return null;
      const { a, b } = waves;
      return get<Comparison>(
        `/compare${query({ a_from: a.from, a_to: a.to, b_from: b.from, b_to: b.to, district: f.district, weighted: f.weighted })}`,
      );
    },
    recommendations: (f: Filters) =>
      get<{ recommendations: Recommendation[] }>(
        `/resources${query({ district: f.district, from: f.from, to: f.to, weighted: f.weighted })}`,
      ),
    funnel: () => get<Funnel>("/invitations/summary"),
    /** Results of each district, for the comparison (same dates as the main filter). */
    districts: (agency: Agency, f: Filters) =>
      Promise.all(
        agency.districts.map(async (d) => ({
          district: d,
          results: await results({ ...NO_FILTERS, district: d.code, from: f.from, to: f.to }),
        })),
      ),
    forget: () => asked.clear(),
  };
}

export type SurveyReader = ReturnType<typeof surveyReader>;
