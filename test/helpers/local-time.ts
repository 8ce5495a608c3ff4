import { localMinutes } from "@server/invitations/rules.js";

/** The first instant at or after `from` whose local time in `timezone` is `hhmm`. */
export function atLocal(from: Date, hhmm: string, timezone = "America/Chicago"): Date {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  let t = Math.ceil(from.getTime() / 60_000) * 60_000;
  while (localMinutes(new Date(t), timezone) !== h * 60 + m) t += 60_000;
  return new Date(t);
}
