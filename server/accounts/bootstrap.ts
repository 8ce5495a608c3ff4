import { randomBytes } from "node:crypto";
import type { Config } from "@server/platform/config.js";
import type { Logger } from "@server/platform/logger.js";
import { createDemoSurveys } from "@server/surveys/demo-surveys.js";
import { countUsers, createAgency, createUser } from "./accounts.service.js";

export const DEMO_AGENCY = {
  slug: "demo",
  name: "Demo Police Department",
  timezone: "America/Chicago",
  languages: ["en", "es"],
  districts: [
    { code: "D1", name: "North District" },
    { code: "D2", name: "Central District" },
    { code: "D3", name: "South District" },
  ],
};

/**
 * On a database with no staff at all, creates the demo agency, its first admin and the demo
 * surveys, so a newcomer can sign in and see the whole path. The password, when not given,
 * is generated and printed this once.
 */
export async function seedDemoAgency(config: Readonly<Config>, logger: Logger): Promise<void> {
  if ((await countUsers()) > 0) return;
  const password = config.bootstrapAdminPassword ?? randomBytes(12).toString("base64url");
  try {
    const agency = await createAgency(DEMO_AGENCY);
    const admin = await createUser({
      agencyId: agency._id,
      email: config.bootstrapAdminEmail,
      password,
      role: "admin",
    });
    await createDemoSurveys(String(agency._id), String(admin._id));
  } catch (error) {
    // Another process seeded the same empty database first: seen by the slug check (409) or,
    // when both passed it at once, by the unique index itself (11000).
    const { status, code } = error as { status?: number; code?: number };
    if (status === 409 || code === 11000) return;
    throw error;
  }
  logger.info({ agency: DEMO_AGENCY.slug, email: config.bootstrapAdminEmail }, "demo agency created");
  if (!config.bootstrapAdminPassword) {
    process.stdout.write(
      `\nDemo agency "${DEMO_AGENCY.name}" created.\nSign in as ${config.bootstrapAdminEmail} with password: ${password}\n(shown once; set BOOTSTRAP_ADMIN_PASSWORD to choose it)\n\n`,
    );
  }
}
