import { AppError } from "@server/platform/errors.js";
import { joiOptions } from "@server/platform/validation.js";
import { CsvFormatError, headerKey, parseCsv } from "./csv.js";
import { contactSchema, MAX_CONTACTS_PER_UPLOAD } from "./invitations.schemas.js";

export interface ContactRow {
  /** Set for a mail invitation; a row with only `phone` is invited by text. */
  email: string | null;
  phone: string | null;
  district: string | null;
  contactType: string;
  contactedAt: Date | null;
  language: string | null;
}

/** A row as uploaded: its number (CSV: row in the file; JSON: position from 1) and raw values. */
export interface RawRow {
  row: number;
  values: Record<string, unknown>;
  /** A problem found before field validation (e.g. wrong number of CSV values). */
  problem?: string;
}

export interface Rejection {
  row: number;
  message: string;
}

const COLUMNS: Record<string, keyof ContactRow> = {
  email: "email",
  emailaddress: "email",
  phone: "phone",
  district: "district",
  contacttype: "contactType",
  contactedat: "contactedAt",
  language: "language",
};
const REQUIRED_COLUMNS: Array<keyof ContactRow> = ["email", "contactType"];

/**
 * Reads a CSV export into rows. A file that is not CSV, or lacks a required column, is a 400
 * and nothing is imported; columns we do not use (names, addresses) are ignored, never stored.
 */
export function rowsFromCsv(text: string): RawRow[] {
  let records;
  try {
    records = parseCsv(text, {
      maxRecords: MAX_CONTACTS_PER_UPLOAD + 1,
      maxFieldLength: 1000,
      maxFields: 200,
    });
  } catch (error) {
    if (error instanceof CsvFormatError) {
      throw new AppError(400, "malformed_csv", `The file is not valid CSV: ${error.message}.`, [
        { path: `row ${error.row}`, message: error.message },
      ]);
    }
    throw error;
  }
  const [header, ...data] = records;
  if (!header) throw new AppError(400, "malformed_csv", "The file is empty.");
  const columns = header.fields.map((name) => COLUMNS[headerKey(name)] ?? null);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new AppError(
      400,
      "missing_columns",
      `The file needs the columns ${missing.join(" and ")} in its first row.`,
      missing.map((c) => ({ path: "header", message: `column "${c}" is missing` })),
    );
  }
  if (data.length === 0) throw new AppError(400, "no_contacts", "The file has a header but no contacts.");
  return data.map((record) => {
    const values: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      if (column && record.fields[i] !== undefined) values[column] = record.fields[i];
    });
    const problem =
      record.fields.length !== header.fields.length
        ? `has ${record.fields.length} values but the header has ${header.fields.length}`
        : undefined;
    return { row: record.row, values, ...(problem ? { problem } : {}) };
  });
}

export function rowsFromJson(contacts: Array<Record<string, unknown>>): RawRow[] {
  return contacts.map((values, i) => ({ row: i + 1, values }));
}

/** Validates one row; the message names every problem of the row at once. */
export function checkRow(raw: RawRow): { contact: ContactRow } | { message: string } {
  if (raw.problem) return { message: raw.problem };
  const { value, error } = contactSchema.validate(raw.values, joiOptions);
  if (error) return { message: error.details.map((d) => d.message).join("; ") };
  const v = value as Record<string, unknown>;
  return {
    contact: {
      email: v["email"] ? String(v["email"]) : null,
      phone: v["phone"] ? String(v["phone"]) : null,
      district: v["district"] ? String(v["district"]) : null,
      contactType: String(v["contactType"]),
      contactedAt: v["contactedAt"] instanceof Date ? v["contactedAt"] : null,
      language: v["language"] ? String(v["language"]) : null,
    },
  };
}
