/** The period keys a response belongs to, computed once at write time in the agency's timezone. */
export interface PeriodKeys {
  day: string; // 2026-11-24
  week: string; // 2026-W48 (ISO 8601 week-numbering year and week)
  month: string; // 2026-11
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The local calendar date of an instant in a timezone, as `YYYY-MM-DD`. */
export function localDate(instant: Date, timezone: string): string {
  const parts = formatterFor(timezone).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** ISO 8601 week of a calendar date: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d));
  const weekday = utc.getUTCDay() || 7;
  utc.setUTCDate(utc.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = utc.getUTCFullYear();
  const week = Math.ceil(((utc.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, "0")}`;
}

export function periodKeys(instant: Date, timezone: string): PeriodKeys {
  const day = localDate(instant, timezone);
  return { day, week: isoWeek(day), month: day.slice(0, 7) };
}

/** The last local day of a month (`2026-02` → `2026-02-28`). */
export function lastDayOf(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, "0")}`;
}

/**
 * The last month that has ended at `now` in the timezone (`2026-12-05` → `2026-11`): the
 * dashboard's headline period, so a month still filling up is not read as the present.
 */
export function latestCompleteMonth(now: Date, timezone: string): string {
  const [year, month] = localDate(now, timezone).split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
}

/** How long the headline period is: the agency's choice, a month unless it says otherwise. */
export const HEADLINE_PERIODS = ["month", "quarter"] as const;
export type HeadlinePeriod = (typeof HEADLINE_PERIODS)[number];

/** A headline period: its key (`2026-11` or `2026-Q4`) and its first and last local days. */
export interface PeriodSpan {
  period: string;
  from: string;
  to: string;
}

/** The quarter a month belongs to (`2026-11` → `2026-Q4`). */
export function quarterOf(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return `${year}-Q${Math.ceil(monthNumber / 3)}`;
}

/** The key of a month in the chosen period length (a month is its own key). */
export const periodOf = (month: string, kind: HeadlinePeriod): string =>
  kind === "quarter" ? quarterOf(month) : month;

/** The local days a period key covers: `2026-Q4` → 2026-10-01 … 2026-12-31. */
export function spanOf(period: string): PeriodSpan {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!quarter) return { period, from: `${period}-01`, to: lastDayOf(period) };
  const first = (Number(quarter[2]) - 1) * 3 + 1;
  const month = (m: number) => `${quarter[1]}-${String(m).padStart(2, "0")}`;
  return { period, from: `${month(first)}-01`, to: lastDayOf(month(first + 2)) };
}

/**
 * The last period of the chosen length that has ended at `now` in the timezone: on
 * 2026-12-05 the month is 2026-11 and the quarter 2026-Q3.
 */
export function latestCompletePeriod(now: Date, timezone: string, kind: HeadlinePeriod): PeriodSpan {
  const current = periodOf(localDate(now, timezone).slice(0, 7), kind);
  if (kind === "month") return spanOf(latestCompleteMonth(now, timezone));
  const [year, q] = current.split("-Q").map(Number) as [number, number];
  return spanOf(q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`);
}
