import type Joi from "joi";
import type { PhoneCountry } from "@shared/phone.js";
import { AppError } from "@server/platform/errors.js";
import { joiOptions } from "@server/platform/validation.js";
import { CsvFormatError, headerKey, readCsv } from "./csv.js";
import type { IntakeContact } from "./intake.js";
import { contactSchema, MAX_CONTACTS_PER_UPLOAD } from "./invitations.schemas.js";

/** A contact of an upload: the intake's contact, and the incident it came from when the file says. */
export interface ContactRow extends IntakeContact {
  incidentNumber: string | null;
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

/** A field of an item and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Header spellings of CAD and RMS exports, compared by headerKey; the contacts API's names included. */
const COLUMNS: Record<string, string> = {
  email: "email",
  emailaddress: "email",
  phone: "phone",
  phonenumber: "phone",
  mobile: "phone",
  district: "district",
  contacttype: "contactType",
  calltype: "contactType",
  contactedat: "contactedAt",
  occurredat: "contactedAt",
  language: "language",
  unit: "unit",
  officer: "officer",
  officerbadge: "officer",
  officerid: "officer",
  badge: "officer",
  incident: "incidentNumber",
  incidentnumber: "incidentNumber",
  incidentno: "incidentNumber",
};

const CSV_LIMITS = { maxRecords: MAX_CONTACTS_PER_UPLOAD + 1, maxFieldLength: 1000, maxFields: 200 };

/**
 * Reads a CSV export into rows as it streams in. A file that is not CSV, or lacks a required
 * column (a call type, and an email or a phone), is a 400 and nothing is imported; columns we
 * do not use (names, addresses) are ignored, never stored.
 */
export async function rowsFromCsv(input: AsyncIterable<Buffer | string> | string): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  let header: string[] | null = null;
  let columns: Array<string | null> = [];
  try {
    for await (const record of readCsv(input, CSV_LIMITS)) {
      if (!header) {
        header = record.fields;
        columns = header.map((name) => COLUMNS[headerKey(name)] ?? null);
        assertColumns(columns);
        continue;
      }
      const values: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        if (column && record.fields[i] !== undefined) values[column] = record.fields[i];
      });
      const problem =
        record.fields.length !== header.length
          ? `has ${record.fields.length} values but the header has ${header.length}`
          : undefined;
      rows.push({ row: record.row, values, ...(problem ? { problem } : {}) });
    }
  } catch (error) {
    if (error instanceof CsvFormatError) {
      throw new AppError(400, "malformed_csv", `The file is not valid CSV: ${error.message}.`, [
        { path: `row ${error.row}`, message: error.message },
      ]);
    }
    throw error;
  }
  if (!header) throw new AppError(400, "malformed_csv", "The file is empty.");
  if (rows.length === 0) throw new AppError(400, "no_contacts", "The file has a header but no contacts.");
  return rows;
}

function assertColumns(columns: Array<string | null>): void {
  const missing: string[] = [];
  if (!columns.includes("email") && !columns.includes("phone")) missing.push("email or phone");
  if (!columns.includes("contactType")) missing.push("contactType (or callType)");
  if (missing.length === 0) return;
  throw new AppError(
    400,
    "missing_columns",
    `The file needs the columns ${missing.join(" and ")} in its first row.`,
    missing.map((c) => ({ path: "header", message: `column "${c}" is missing` })),
  );
}

export function rowsFromJson(contacts: Array<Record<string, unknown>>): RawRow[] {
  return contacts.map((values, i) => ({ row: i + 1, values }));
}

const orNull = (value: unknown): string | null => (value ? String(value) : null);

/**
 * Validates one item against `schema` (national phone numbers read as `phoneCountry`'s) and
 * names every problem with its field at once; an item with neither email nor phone cannot be
 * invited and is a problem of `phone`.
 */
export function checkFields(
  schema: Joi.ObjectSchema,
  values: Record<string, unknown>,
  phoneCountry: PhoneCountry,
): { value: Record<string, unknown> } | { problems: FieldProblem[] } {
  const { value, error } = schema.validate(values, { ...joiOptions, context: { phoneCountry } });
  const problems: FieldProblem[] =
    error?.details.map((d) => ({ field: d.path.map(String).join(".") || "item", message: d.message })) ?? [];
  const v = (value ?? {}) as Record<string, unknown>;
  const noAddress = !v["email"] && !v["phone"];
  if (noAddress && !problems.some((p) => p.field === "email" || p.field === "phone")) {
    problems.push({ field: "phone", message: "an email or a phone is needed to invite this person" });
  }
  return problems.length > 0 ? { problems } : { value: v };
}

/** The intake's contact from validated fields, whatever names the input gave them. */
export function intakeContact(v: Record<string, unknown>, type: unknown, at: unknown): IntakeContact {
  return {
    email: orNull(v["email"]),
    phone: orNull(v["phone"]),
    district: orNull(v["district"]),
    contactType: String(type),
    contactedAt: at instanceof Date ? at : null,
    language: orNull(v["language"]),
    unit: orNull(v["unit"]),
    officer: orNull(v["officer"]),
  };
}

/** Validates one upload row; the message names every problem of the row at once. */
export function checkRow(
  raw: RawRow,
  phoneCountry: PhoneCountry,
): { contact: ContactRow } | { message: string } {
  if (raw.problem) return { message: raw.problem };
  const checked = checkFields(contactSchema, raw.values, phoneCountry);
  if ("problems" in checked) return { message: checked.problems.map((p) => p.message).join("; ") };
  const v = checked.value;
  return {
    contact: {
      ...intakeContact(v, v["contactType"], v["contactedAt"]),
      incidentNumber: orNull(v["incidentNumber"]),
    },
  };
}
