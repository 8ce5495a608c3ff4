import { escapeHtml } from "@server/surveys/html.js";

export interface CommendationLine {
  unit: string;
  officer: string;
  /** Already redacted; may be empty. */
  note: string;
}

/**
 * The morning mail to a supervisor: each commendation of their units with the officer's badge
 * and the resident's redacted words. No time, no survey answer and nothing of the resident.
 */
export function commendationMail(agencyName: string, lines: readonly CommendationLine[]) {
  const subject =
    lines.length === 1
      ? "A resident commended an officer of your unit"
      : `Residents commended officers of your units (${lines.length})`;
  const intro = `Residents who answered ${agencyName}'s feedback survey after a contact chose to commend these officers. Contact details in their words are replaced by [email], [phone] or [address].`;
  const text = [
    intro,
    "",
    ...lines.map((l) => `- Unit ${l.unit}, officer ${l.officer}${l.note ? `: "${l.note}"` : " (no note)"}`),
  ].join("\n");
  const items = lines
    .map(
      (l) =>
        `<li>Unit ${escapeHtml(l.unit)}, officer ${escapeHtml(l.officer)}${l.note ? `: “${escapeHtml(l.note)}”` : " (no note)"}</li>`,
    )
    .join("");
  const html = `<!doctype html><html lang="en"><body><p>${escapeHtml(intro)}</p><ul>${items}</ul></body></html>`;
  return { subject, text, html };
}
