import { parseArgs } from "node:util";
import { createAgency, createUser } from "./accounts/accounts.service.js";
import { createAgencySchema } from "./accounts/accounts.schemas.js";
import { rebuildRollups } from "./analytics/rollups-rebuild.js";
import { keyEveryLookup } from "./lookup-keys-backfill.js";
import { auditSurveys } from "./disclosure/audit.service.js";
import { ConfigError, loadConfig } from "./platform/config.js";
import { runRetention } from "./retention/retention.service.js";
import { connectDatabase, disconnectDatabase } from "./platform/database.js";
import { markSoleProcess } from "./platform/process-registry.js";
import {
  EngineError,
  ensureEngineBinary,
  startEngine,
  type RunningEngine,
} from "./platform/embedded-engine.js";

const USAGE = `Usage:
  npm run cli -- agency create --slug <slug> --name <name> --admin-email <email> --admin-password <password> [--timezone <tz>]
  npm run cli -- rollups rebuild [--survey <id>]
  npm run cli -- retention run
  npm run cli -- disclosure audit [--survey <id>]
  npm run cli -- keys rebuild`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Runs `work` on the server's database: MONGODB_URI, or the embedded engine on DATA_DIR. */
async function withDatabase(work: () => Promise<void>): Promise<void> {
  const config = loadConfig();
  let engine: RunningEngine | null = null;
  let uri = config.mongodbUri;
  if (!uri) {
    const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, (m) =>
      process.stderr.write(`${m}\n`),
    );
    engine = await startEngine({
      binary,
      dataDir: config.dataDir,
      notice: (m) => process.stderr.write(`${m}\n`),
    });
    uri = `${engine.uri}communitypulse`;
  }
  try {
    await connectDatabase(uri);
    markSoleProcess(engine !== null);
    await work();
  } finally {
    await disconnectDatabase();
    await engine?.stop();
  }
}

/** Recounts rollups from raw responses: one survey, or every survey. */
async function rebuildCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { survey: { type: "string" } }, strict: true });
  if (values.survey !== undefined && !/^[a-f0-9]{24}$/i.test(values.survey))
    fail(`--survey: must be a survey id (24 hexadecimal characters)\n\n${USAGE}`);
  await withDatabase(async () => {
    for (const report of await rebuildRollups(values.survey)) {
      process.stdout.write(
        `Rebuilt rollups of survey ${report.surveyId}: ${report.responses} responses, ${report.rollups} rollups, ${report.removed} stale removed.\n`,
      );
    }
  });
}

/** Runs the daily retention job now and prints what it removed. */
async function retentionCommand(args: string[]): Promise<void> {
  if (args.length > 0) fail(`retention run takes no options\n\n${USAGE}`);
  await withDatabase(async () => {
    const report = await runRetention();
    const agencies = Object.entries(report.byAgency).map(([slug, n]) => `${slug}: ${n}`);
    process.stdout.write(
      `Deleted ${report.responsesDeleted} raw responses past retention in ${report.batches} batches${agencies.length ? ` (${agencies.join(", ")})` : ""}; ${report.loginFailuresDeleted} expired login-failure records.\n`,
    );
  });
}

/**
 * Proves, for one survey or every survey with results, that nothing a designer or the public
 * can obtain gives a small group away; exits 1 when anything is exposed.
 */
async function disclosureAuditCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { survey: { type: "string" } }, strict: true });
  if (values.survey !== undefined && !/^[a-f0-9]{24}$/i.test(values.survey))
    fail(`--survey: must be a survey id (24 hexadecimal characters)\n\n${USAGE}`);
  let exposed = 0;
  await withDatabase(async () => {
    for (const report of await auditSurveys(values.survey)) {
      const problems = [
        ...report.exposed.map(
          (e) => `  exposed: ${e.key} of ${e.unit} (${e.value}) could only be ${e.range.min}–${e.range.max}`,
        ),
        ...report.violations.map((v) => `  shown over a hidden count: ${v}`),
      ];
      exposed += problems.length;
      process.stdout.write(
        `Survey ${report.surveyId} (k = ${report.k}): ${report.checked} small counts hidden, ${problems.length === 0 ? "every one protected" : `${problems.length} problems`}.\n${problems.map((p) => `${p}\n`).join("")}`,
      );
    }
  });
  if (exposed > 0) process.exit(1);
}

/**
 * Keys every stored record that lacks its lookup key, whether or not the backfill ran before:
 * after a rolling upgrade, for what an older process wrote while the newer ones already ran.
 */
async function keysRebuildCommand(args: string[]): Promise<void> {
  if (args.length > 0) fail(`keys rebuild takes no options\n\n${USAGE}`);
  await withDatabase(async () => {
    const keyed = await keyEveryLookup({ again: true });
    process.stdout.write(
      `Keys checked for ${keyed.invitationLinks} invitation links, ${keyed.accounts} agencies and accounts, ${keyed.surveySlugs} surveys; ${keyed.contactMarksAndOptOuts} contact marks and opt-outs rewritten by key.\n`,
    );
  });
}

/** Operator commands that work on the same database the server uses. */
async function main(argv: string[]): Promise<void> {
  const [area, action, ...rest] = argv;
  if (area === "rollups" && action === "rebuild") return rebuildCommand(rest);
  if (area === "retention" && action === "run") return retentionCommand(rest);
  if (area === "disclosure" && action === "audit") return disclosureAuditCommand(rest);
  if (area === "keys" && action === "rebuild") return keysRebuildCommand(rest);
  if (area !== "agency" || action !== "create") fail(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      slug: { type: "string" },
      name: { type: "string" },
      "admin-email": { type: "string" },
      "admin-password": { type: "string" },
      timezone: { type: "string" },
    },
    strict: true,
  });
  const { value, error } = createAgencySchema.validate(
    {
      slug: values.slug,
      name: values.name,
      adminEmail: values["admin-email"],
      adminPassword: values["admin-password"],
      ...(values.timezone ? { timezone: values.timezone } : {}),
    },
    { abortEarly: false, errors: { wrap: { label: false } } },
  );
  if (error)
    fail(
      `${error.details.map((d) => `--${String(d.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${d.message}`).join("\n")}\n\n${USAGE}`,
    );

  await withDatabase(async () => {
    const agency = await createAgency({
      slug: value.slug,
      name: value.name,
      ...(value.timezone ? { timezone: value.timezone } : {}),
    });
    await createUser({
      agencyId: agency._id,
      email: value.adminEmail,
      password: value.adminPassword,
      role: "admin",
    });
    process.stdout.write(`Created agency "${value.name}" (${value.slug}) with admin ${value.adminEmail}.\n`);
  });
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || error instanceof EngineError || (error as { status?: number }).status)
    fail((error as Error).message);
  throw error;
}
