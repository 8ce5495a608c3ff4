/**
 * CSV cells that are safe to open in a spreadsheet. A cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return could run as a formula ("CSV injection"), so it gets a
 * leading apostrophe, which spreadsheets show as text; headers are treated the same way.
 * Quoting follows RFC 4180.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = neutralise(typeof value === "string" ? value : String(value));
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
