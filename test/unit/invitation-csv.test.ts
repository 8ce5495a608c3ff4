import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CsvFormatError, headerKey, parseCsv } from "@server/invitations/csv.js";
import { rowsFromCsv } from "@server/invitations/contacts-input.js";
import { AppError } from "@server/platform/errors.js";

const limits = { maxRecords: 1000, maxFieldLength: 1000, maxFields: 50 };
const fields = (text: string) => parseCsv(text, limits).map((r) => r.fields);

describe("CSV parsing of records exports", () => {
  it("reads quoted values with commas, doubled quotes and line breaks, CRLF and a BOM", () => {
    const text =
      '\uFEFFemail,note\r\na@example.net,"Smith, J. said ""hi""\r\nthen left"\r\nb@example.net,plain\r\n';
    assert.deepEqual(fields(text), [
      ["email", "note"],
      ["a@example.net", 'Smith, J. said "hi"\r\nthen left'],
      ["b@example.net", "plain"],
    ]);
  });

  it("numbers records by the row a spreadsheet shows, skipping blank lines but counting them", () => {
    const records = parseCsv('h1,h2\n\nx,"multi\nline"\ny,z', limits);
    assert.deepEqual(
      records.map((r) => r.row),
      [1, 3, 5],
    );
  });

  it("detects semicolon and tab separated exports from the header", () => {
    assert.deepEqual(fields("email;district\na@x.org;D1"), [
      ["email", "district"],
      ["a@x.org", "D1"],
    ]);
    assert.deepEqual(fields("email\tdistrict\na@x.org\tD1"), [
      ["email", "district"],
      ["a@x.org", "D1"],
    ]);
  });

  it("when a quote is never closed or stray text follows a closing quote, then it refuses the whole file naming the row", () => {
    assert.throws(
      () => parseCsv('a,b\n"open,1\n2,3', limits),
      (e: unknown) => e instanceof CsvFormatError && e.row === 2,
    );
    assert.throws(() => parseCsv('a,b\n"x"y,1', limits), CsvFormatError);
    assert.throws(() => parseCsv('a,b\nx"y,1', limits), CsvFormatError);
  });

  it("when a file exceeds the row, column or value limits, then it is refused", () => {
    assert.throws(() => parseCsv("a\n1\n2\n3", { ...limits, maxRecords: 3 }), /more than 2 rows/);
    assert.throws(() => parseCsv("a,b,c", { ...limits, maxFields: 2 }), /more than 2 columns/);
    assert.throws(
      () => parseCsv(`a\n${"x".repeat(20)}`, { ...limits, maxFieldLength: 10 }),
      /longer than 10/,
    );
  });

  it("round-trips any table written with RFC 4180 quoting", () => {
    const cell = fc.string({ maxLength: 20 });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 10 }),
        (table) => {
          const width = table[0]!.length;
          const rows = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
          // A row that is a single empty value is a blank line, which CSV cannot tell apart.
          const text = rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(",")).join("\r\n");
          assert.deepEqual(fields(text), rows);
        },
      ),
      // A fixed seed keeps CI repeatable; change it locally to explore further.
      { seed: 20261124, numRuns: 1000 },
    );
    // The counterexample a random run once found: quoted cells holding another delimiter.
    assert.deepEqual(fields('";",";"'), [[";", ";"]]);
  });

  it("matches headers whatever their case, spaces or underscores", () => {
    assert.equal(headerKey("Contact Type"), "contacttype");
    assert.equal(headerKey("contact_type"), "contacttype");
    assert.equal(headerKey("CONTACT-TYPE"), "contacttype");
  });
});

describe("contacts from a CSV upload", () => {
  it("keeps only the columns we use and flags rows with the wrong number of values", () => {
    const rows = rowsFromCsv("Incident,Email,Contact Type,Name\n1,a@x.org,report,Ann\n2,b@x.org,report\n");
    assert.deepEqual(rows[0], { row: 2, values: { email: "a@x.org", contactType: "report" } });
    assert.match(rows[1]!.problem ?? "", /has 3 values but the header has 4/);
  });

  it("when a required column is missing, then the upload is a 400 naming it", () => {
    assert.throws(
      () => rowsFromCsv("email,district\na@x.org,D1\n"),
      (e: unknown) =>
        e instanceof AppError &&
        e.status === 400 &&
        e.code === "missing_columns" &&
        /contactType/.test(e.message),
    );
  });

  it("when the file has only a header, then it is a 400", () => {
    assert.throws(
      () => rowsFromCsv("email,contactType\n"),
      (e: unknown) => e instanceof AppError && e.code === "no_contacts",
    );
  });
});
