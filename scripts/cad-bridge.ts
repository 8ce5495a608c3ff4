/*
 * Example bridge from a dispatch (CAD) or records (RMS) export to Community Pulse: reads the
 * export CSV as a stream and posts it to POST /api/v1/contacts in batches, with an API key
 * holding `contacts:write`. Sending a batch twice creates nothing new (contacts are idempotent
 * per incident number), so every failure that may not have reached the server is retried.
 *
 *   COMMUNITY_PULSE_API_KEY=cpk_… npx tsx scripts/cad-bridge.ts --url https://pulse.example.org --file export.csv
 *
 * Standalone on purpose (Node and csv-parse only): agencies copy it next to their CAD system.
 * See docs/CAD-BRIDGE.md.
 */
import { createReadStream } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "csv-parse";

/** Export header spellings (compared without case, spaces, dashes or underscores) → API fields. */
const FIELDS: Record<string, string> = {
  incident: "incidentNumber",
  incidentnumber: "incidentNumber",
  incidentno: "incidentNumber",
  calltype: "callType",
  contacttype: "callType",
  disposition: "disposition",
  occurredat: "occurredAt",
  contactedat: "occurredAt",
  district: "district",
  unit: "unit",
  officer: "officer",
  officerbadge: "officer",
  officerid: "officer",
  badge: "officer",
  phone: "phone",
  phonenumber: "phone",
  mobile: "phone",
  email: "email",
  emailaddress: "email",
  language: "language",
};
const MAX_BATCH = 1_000;

export interface BridgeOptions {
  url: string;
  apiKey: string;
  file: string;
  batchSize?: number;
  /** The export's field separator: "," (default), ";" or a tab. */
  delimiter?: string;
  /** Attempts per batch before giving up (network errors, 429 and 5xx are retried). */
  attempts?: number;
  /** The first wait between attempts; it doubles each time. */
  backoffMs?: number;
  log?: (line: string) => void;
}

export interface BridgeTotals {
  sent: number;
  invited: number;
  scheduled: number;
  excluded: number;
  invalid: number;
  duplicate: number;
  retries: number;
}

interface BatchAnswer {
  invited: number;
  scheduled: number;
  excluded: number;
  invalid: number;
  duplicate: number;
  items: Array<{
    index: number;
    incidentNumber: string | null;
    status: string;
    problems?: Array<{ field: string }>;
  }>;
}

/** A failure that sending the batch again would not cure (bad key, missing scope, bad body). */
class PermanentError extends Error {}

const headerKey = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, "");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Only the fields the API takes leave the machine: names, addresses and notes stay behind. */
function contactOf(row: Record<string, string>): Record<string, string> {
  const contact: Record<string, string> = {};
  for (const [column, value] of Object.entries(row)) {
    const field = FIELDS[headerKey(column)];
    if (field && value.trim() !== "") contact[field] = value.trim();
  }
  return contact;
}

async function postBatch(
  options: Required<Omit<BridgeOptions, "file">>,
  contacts: Array<Record<string, string>>,
  totals: BridgeTotals,
): Promise<BatchAnswer> {
  for (let attempt = 1; ; attempt++) {
    let retryable: string;
    try {
      const response = await fetch(new URL("/api/v1/contacts", options.url), {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ contacts }),
        signal: AbortSignal.timeout(60_000),
      });
      if (response.ok) return (await response.json()) as BatchAnswer;
      const text = (await response.text()).slice(0, 500);
      if (response.status !== 429 && response.status < 500) {
        throw new PermanentError(`the server refused the batch: ${response.status} ${text}`);
      }
      retryable = `${response.status} ${text}`;
    } catch (error) {
      if (error instanceof PermanentError) throw error;
      retryable = error instanceof Error ? error.message : String(error);
    }
    if (attempt >= options.attempts) throw new Error(`gave up after ${attempt} attempts: ${retryable}`);
    // The batch may have been stored before the failure; sending it again only finds duplicates.
    const wait = options.backoffMs * 2 ** (attempt - 1);
    options.log(`batch failed (${retryable}); retrying in ${wait} ms`);
    totals.retries += 1;
    await sleep(wait);
  }
}

/** Posts a CAD export in batches; resolves with the totals, rejects on a batch that cannot go. */
export async function runBridge(input: BridgeOptions): Promise<BridgeTotals> {
  const options = {
    batchSize: MAX_BATCH,
    delimiter: ",",
    attempts: 6,
    backoffMs: 1_000,
    log: (line: string) => process.stderr.write(`${line}\n`),
    ...input,
  };
  const batchSize = Math.min(Math.max(1, options.batchSize), MAX_BATCH);
  const totals: BridgeTotals = {
    sent: 0,
    invited: 0,
    scheduled: 0,
    excluded: 0,
    invalid: 0,
    duplicate: 0,
    retries: 0,
  };
  const send = async (batch: Array<Record<string, string>>) => {
    const answer = await postBatch(options, batch, totals);
    for (const key of ["invited", "scheduled", "excluded", "invalid", "duplicate"] as const)
      totals[key] += answer[key];
    for (const item of answer.items.filter((i) => i.status === "invalid")) {
      const fields = (item.problems ?? []).map((p) => p.field).join(", ");
      options.log(
        `record ${totals.sent + item.index + 1} (incident ${item.incidentNumber ?? "?"}): invalid ${fields}`,
      );
    }
    totals.sent += batch.length;
  };
  const rows = createReadStream(options.file).pipe(
    parse({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      delimiter: options.delimiter,
    }),
  );
  let batch: Array<Record<string, string>> = [];
  for await (const row of rows as AsyncIterable<Record<string, string>>) {
    batch.push(contactOf(row));
    if (batch.length < batchSize) continue;
    await send(batch);
    batch = [];
  }
  if (batch.length > 0) await send(batch);
  return totals;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      file: { type: "string" },
      batch: { type: "string" },
      delimiter: { type: "string" },
    },
  });
  const apiKey = process.env["COMMUNITY_PULSE_API_KEY"];
  if (!values.url || !values.file || !apiKey) {
    process.stderr.write(
      "Usage: COMMUNITY_PULSE_API_KEY=cpk_… npx tsx scripts/cad-bridge.ts --url <server> --file <export.csv> [--batch 1000] [--delimiter ,|;|tab]\n",
    );
    process.exit(2);
  }
  try {
    const totals = await runBridge({
      url: values.url,
      apiKey,
      file: values.file,
      batchSize: values.batch ? Number(values.batch) : MAX_BATCH,
      delimiter: values.delimiter === "tab" ? "\t" : (values.delimiter ?? ","),
    });
    process.stdout.write(`${JSON.stringify(totals)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
