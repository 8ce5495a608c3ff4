import { parseArgs } from "node:util";
import { createAgency, createUser } from "./accounts/accounts.service.js";
import { createAgencySchema } from "./accounts/accounts.schemas.js";
import { ConfigError, loadConfig } from "./platform/config.js";
import { connectDatabase, disconnectDatabase } from "./platform/database.js";
import { ensureEngineBinary, startEngine, type RunningEngine } from "./platform/embedded-engine.js";

const USAGE = `Usage:
  npm run cli -- agency create --slug <slug> --name <name> --admin-email <email> --admin-password <password> [--timezone <tz>]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Operator commands that work on the same database the server uses. */
async function main(argv: string[]): Promise<void> {
  const [area, action, ...rest] = argv;
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

  const config = loadConfig();
  let engine: RunningEngine | null = null;
  let uri = config.mongodbUri;
  if (!uri) {
    const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, (m) =>
      process.stderr.write(`${m}\n`),
    );
    engine = await startEngine({ binary, dataDir: config.dataDir });
    uri = `${engine.uri}communitypulse`;
  }
  try {
    await connectDatabase(uri);
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
  } finally {
    await disconnectDatabase();
    await engine?.stop();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || (error as { status?: number }).status) fail((error as Error).message);
  throw error;
}
