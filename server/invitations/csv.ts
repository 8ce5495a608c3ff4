/** A CSV file that cannot be read as a table at all; the whole upload is refused. */
export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
    this.name = "CsvFormatError";
  }
}

export interface CsvRecord {
  /** The record's row in the file, the header being row 1 (what a spreadsheet shows). */
  row: number;
  fields: string[];
}

export interface CsvLimits {
  maxRecords: number;
  maxFieldLength: number;
  maxFields: number;
}

/**
 * Parses RFC 4180 CSV as records/dispatch systems export it: comma or semicolon separated
 * (detected on the header line), optional quotes with "" escapes, CRLF or LF, a UTF-8 BOM.
 * Structural damage (an unterminated quote, text after a closing quote) throws CsvFormatError
 * so nothing of a broken file is imported; blank lines are skipped.
 */
export function parseCsv(text: string, limits: CsvLimits): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(input);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let afterQuote = false;
  let row = 1;
  let recordRow = 1;

  const endField = (): void => {
    if (field.length > limits.maxFieldLength) {
      throw new CsvFormatError(`a value is longer than ${limits.maxFieldLength} characters`, recordRow);
    }
    fields.push(field);
    field = "";
    afterQuote = false;
    if (fields.length > limits.maxFields)
      throw new CsvFormatError(`more than ${limits.maxFields} columns`, recordRow);
  };
  const endRecord = (): void => {
    endField();
    const blank = fields.length === 1 && fields[0] === "";
    if (!blank) {
      if (records.length >= limits.maxRecords) {
        throw new CsvFormatError(`more than ${limits.maxRecords - 1} rows`, recordRow);
      }
      records.push({ row: recordRow, fields });
    }
    fields = [];
  };

  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === "\n") row++;
        field += c;
      }
      continue;
    }
    if (c === delimiter) {
      endField();
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i++;
      endRecord();
      row++;
      recordRow = row;
    } else if (afterQuote) {
      throw new CsvFormatError("text follows a closing quote", row);
    } else if (c === '"') {
      if (field.length > 0) throw new CsvFormatError("a quote appears inside an unquoted value", row);
      quoted = true;
    } else {
      field += c;
    }
  }
  if (quoted) throw new CsvFormatError("a quoted value is never closed", recordRow);
  if (field.length > 0 || fields.length > 0 || afterQuote) endRecord();
  return records;
}

/** The delimiter the header row uses most, counting only characters outside quoted values. */
function detectDelimiter(text: string): "," | ";" | "\t" {
  const seen: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && c in seen) seen[c]! += 1;
  }
  const count = (d: string): number => seen[d]!;
  const counts: Array<["," | ";" | "\t", number]> = [
    [",", count(",")],
    [";", count(";")],
    ["\t", count("\t")],
  ];
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ",";
}

/** Header names compared without case, spaces, dashes or underscores: "Contact Type" = "contact_type". */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}
