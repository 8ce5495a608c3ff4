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
