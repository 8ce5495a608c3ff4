import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";

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

type Delimiter = "," | ";" | "\t";

/** What csv-parse's error codes mean to the person who exported the file. */
const CSV_PROBLEMS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: "a quoted value is never closed",
  CSV_INVALID_CLOSING_QUOTE: "text follows a closing quote",
  CSV_INVALID_OPENING_QUOTE: "a quote appears inside an unquoted value",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "text follows a closing quote",
  CSV_MAX_RECORD_SIZE: "a row is too long",
};

/**
 * Reads CSV as records/dispatch systems export it, record by record, so a large export is
 * never held whole: comma, semicolon or tab separated (detected on the header line), optional
 * quotes with "" escapes, CRLF or LF, a UTF-8 BOM. Parsing is csv-parse's; structural damage
 * (an unterminated quote, text after a closing quote) throws CsvFormatError naming the row,
 * so nothing of a broken file is imported; blank lines are skipped; reading stops at the
 * first record past a limit.
 */
export async function* readCsv(
  input: AsyncIterable<Buffer | string> | string,
  limits: CsvLimits,
): AsyncGenerator<CsvRecord> {
  const chunks = typeof input === "string" ? [input] : input;
  const { delimiter, rest } = await detectDelimiter(chunks);
  const source = Readable.from(rest);
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: limits.maxFieldLength * limits.maxFields,
  });
  // pipe() does not carry the source's errors on: a body over its limit or a dropped upload
  // would be an unhandled 'error' event (the process dies) instead of a rejected read here.
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  let records = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // csv-parse counts the line a record ends on; a spreadsheet shows the one it starts on.
      const row = info.lines - record.reduce((n, field) => n + lineBreaks(field), 0);
      if (record.length > limits.maxFields)
        throw new CsvFormatError(`more than ${limits.maxFields} columns`, row);
      if (record.some((field) => field.length > limits.maxFieldLength)) {
        throw new CsvFormatError(`a value is longer than ${limits.maxFieldLength} characters`, row);
      }
      records += 1;
      if (records > limits.maxRecords)
        throw new CsvFormatError(`more than ${limits.maxRecords - 1} rows`, row);
      yield { row, fields: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error["lines"] === "number" ? error["lines"] : 0;
      throw new CsvFormatError(CSV_PROBLEMS[error.code] ?? "it cannot be read as CSV", line);
    }
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/** Every record of a CSV text at once (small files, tests). */
export async function parseCsv(text: string, limits: CsvLimits): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsv(text, limits)) records.push(record);
  return records;
}

const lineBreaks = (field: string): number => field.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * The delimiter the header row uses most, counting only characters outside quoted values,
 * read from the first chunks; returns those chunks with the rest of the input behind them.
 */
async function detectDelimiter(
  input: AsyncIterable<Buffer | string> | Iterable<string>,
): Promise<{ delimiter: Delimiter; rest: AsyncIterable<Buffer | string> }> {
  const iterator = (
    Symbol.asyncIterator in input
      ? input[Symbol.asyncIterator]()
      : (input as Iterable<string>)[Symbol.iterator]()
  ) as AsyncIterator<Buffer | string> | Iterator<Buffer | string>;
  const head: Array<Buffer | string> = [];
  let text = "";
  let done = false;
  while (!done && !/[\r\n]/.test(text) && text.length < 64_000) {
    const next = await iterator.next();
    if (next.done) done = true;
    else {
      head.push(next.value);
      text += String(next.value);
    }
  }
  async function* rest(): AsyncGenerator<Buffer | string> {
    yield* head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { delimiter: headerDelimiter(text), rest: rest() };
}

function headerDelimiter(text: string): Delimiter {
  const seen: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && c in seen) seen[c as Delimiter] += 1;
  }
  const ranked = (Object.entries(seen) as Array<[Delimiter, number]>).sort((a, b) => b[1] - a[1]);
  return ranked[0]![1] > 0 ? ranked[0]![0] : ",";
}

/** Header names compared without case, spaces, dashes or underscores: "Contact Type" = "contact_type". */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}
