import { launch as launchChrome } from "chrome-launcher";
import lighthouse, { desktopConfig, generateReport, type Config, type Flags, type Result } from "lighthouse";
import { chromium } from "playwright-core";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../../test/helpers/browser.js";
import { seedDashboardData } from "./dashboard-seed.js";
import { numberFlag, parseFlags, switchFlag } from "./flags.js";
import { freshDatabaseName, log, openEngine, REPO_ROOT, startServerProcess, Teardown } from "./harness.js";
import { fixed, formatTable, verdict } from "./table.js";

/**
 * Lighthouse (the npm package, on Debian's Chromium) on the two pages issue 15 sets targets
 * for: the results dashboard of a survey with a year of data, signed in as command staff, and
 * the agency's public page. Each page is audited `--runs` times from a cold cache; the median
 * run (by performance score) is reported.
 */
export const usage = "lighthouse [--responses 5000] [--runs 3] [--reports <dir>] [--json]";

const TARGETS = {
  dashboard: { performance: 95, cls: 0.05, accessibility: 100, bytes: 130 * 1024 },
  public: { bytes: 15 * 1024 },
} as const;

interface Settings {
  responses: number;
  runs: number;
  /** Where to write each run's full Lighthouse report (HTML), to see why a figure is what it is. */
  reports: string | null;
  json: boolean;
}

interface Audit {
  page: string;
  /** Lighthouse's device preset: the dashboard is a desk screen, the public page a phone's. */
  preset: "desktop" | "mobile";
  performance: number;
  accessibility: number;
  cls: number;
  lcpMs: number;
  tbtMs: number;
  /** Bytes over the wire for the whole load (Lighthouse's total-byte-weight). */
  transferred: number;
  requests: number;
  /** Each request of the load: its path and bytes over the wire. */
  resources: Array<{ url: string; bytes: number }>;
  failing: string[];
  version: string;
}

function settings(args: readonly string[]): Settings {
  const flags = parseFlags(args, { responses: "value", runs: "value", reports: "value", json: "switch" });
  const reports = flags.get("reports");
  return {
    responses: numberFlag(flags, "responses", 5000, { min: 100, max: 1_000_000, integer: true }),
    runs: numberFlag(flags, "runs", 3, { min: 1, max: 20, integer: true }),
    reports: typeof reports === "string" ? path.resolve(reports) : null,
    json: switchFlag(flags, "json"),
  };
}

/** The figures one Lighthouse report gives for a page. */
function summarize(page: string, preset: Audit["preset"], lhr: Result): Audit {
  const score = (key: string) => Math.round((lhr.categories[key]?.score ?? 0) * 100);
  const numeric = (key: string) => lhr.audits[key]?.numericValue ?? NaN;
  const items = (lhr.audits["network-requests"]?.details as { items?: Array<Record<string, unknown>> })
    ?.items;
  const resources = (items ?? []).map((item) => {
    const url = new URL(String(item["url"]));
    return { url: `${url.pathname}${url.search}`, bytes: Number(item["transferSize"] ?? 0) };
  });
  const failing = Object.values(lhr.audits)
    .filter(
      (a) =>
        a.score !== null &&
        a.score < 1 &&
        lhr.categories["accessibility"]?.auditRefs.some((r) => r.id === a.id),
    )
    .map((a) => a.id);
  return {
    page,
    preset,
    performance: score("performance"),
    accessibility: score("accessibility"),
    cls: numeric("cumulative-layout-shift"),
    lcpMs: numeric("largest-contentful-paint"),
    tbtMs: numeric("total-blocking-time"),
    transferred: numeric("total-byte-weight"),
    requests: resources.length,
    resources,
    failing,
    version: lhr.lighthouseVersion,
  };
}

/**
 * Signs in through the staff page, as a person would (the session cookie stays in the
 * profile), and opens the dashboard once: the audits then meet a server that has read these
 * figures before, as a running one has, not one still filling its caches after a start.
 * Lighthouse empties the browser's cache before each run.
 */
async function signIn(port: number, baseUrl: string, dashboard: string, email: string, password: string) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = await browser.contexts()[0]!.newPage();
  await page.goto(`${baseUrl}/app/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
  await page.goto(dashboard);
  await page.locator("caption", { hasText: /by district/ }).waitFor({ state: "attached", timeout: 120_000 });
  await page.close();
  // Disconnects only: the browser, its profile and the session cookie stay for Lighthouse.
  await browser.close();
}

const median = (audits: Audit[]): Audit =>
  [...audits].sort((a, b) => a.performance - b.performance)[Math.floor(audits.length / 2)]!;

export async function run(args: readonly string[]): Promise<void> {
  const options = settings(args);
  if (!existsSync(path.join(REPO_ROOT, "dist", "client", "index.html")))
    throw new Error("the staff pages are not built: run `npm run build:client` first");
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const engine = await openEngine(teardown);
    log(`engine: ${engine.description}`);
    const database = freshDatabaseName("cp_bench_lighthouse");
    const admin = { email: "admin@example.org", password: "lighthouse-admin-password" };
    const seed = await seedDashboardData(engine.uri, database, options.responses, admin, log);
    const server = await startServerProcess(engine.uri, database, {
      SEED_DEMO: "0",
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    });
    teardown.add("stop server", () => server.stop());
    log(`server: ${server.url} (pid ${server.pid})`);

    const chrome = await launchChrome({
      chromePath: CHROMIUM_PATH,
      chromeFlags: [...CHROMIUM_FLAGS, "--headless=new"],
      logLevel: "silent",
    });
    teardown.add("stop Chromium", async () => chrome.kill());
    const dashboardUrl = `${server.url}/app/#/surveys/${seed.surveyId}/dashboard`;
    await signIn(chrome.port, server.url, dashboardUrl, seed.analyst.email, seed.analyst.password);

    const audit = async (page: string, url: string, preset: Audit["preset"]) => {
      const flags: Flags = { port: chrome.port, output: "json", logLevel: "error" };
      const config: Config = {
        ...(preset === "desktop" ? desktopConfig : { extends: "lighthouse:default" }),
        settings: {
          ...(preset === "desktop" ? desktopConfig.settings : {}),
          onlyCategories: ["performance", "accessibility"],
        },
      };
      const audits: Audit[] = [];
      for (let i = 0, retries = 0; i < options.runs; i++) {
        const result = await lighthouse(url, flags, config);
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        const failure = result.lhr.runtimeError;
        // A trace Lighthouse could not read (NO_NAVSTART, seen now and then) is its own fault.
        if (failure && retries < 2) {
          log(`  ${page} run ${i + 1}: ${failure.code}, run again`);
          retries++;
          i--;
          continue;
        }
        if (failure) throw new Error(`${url}: ${failure.message}`);
        audits.push(summarize(page, preset, result.lhr));
        if (options.reports) {
          await mkdir(options.reports, { recursive: true });
          const file = path.join(options.reports, `${page.replace(/\W+/g, "-")}-${i + 1}.html`);
          await writeFile(file, generateReport(result.lhr, "html"));
          log(`  report: ${file}`);
        }
        log(`  ${page} run ${i + 1}: performance ${audits.at(-1)!.performance}`);
      }
      return median(audits);
    };
    const dashboard = await audit("dashboard", dashboardUrl, "desktop");
    const publicPage = await audit("public page", `${server.url}/p/${seed.agencySlug}`, "mobile");
    report(options, seed.responses, [dashboard, publicPage]);
  } finally {
    await teardown.run();
  }
}

function report(options: Settings, responses: number, audits: Audit[]): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ options, responses, audits }, null, 2)}\n`);
    return;
  }
  const [dashboard, publicPage] = audits as [Audit, Audit];
  const out: string[] = [
    "",
    `Lighthouse ${dashboard.version} on ${CHROMIUM_PATH}, ${responses} responses, median of ${options.runs} runs:`,
    formatTable(
      [
        "page",
        "preset",
        "performance",
        "accessibility",
        "CLS",
        "LCP ms",
        "TBT ms",
        "requests",
        "KB transferred",
      ],
      audits.map((a) => [
        a.page,
        a.preset,
        String(a.performance),
        String(a.accessibility),
        fixed(a.cls, 3),
        fixed(a.lcpMs),
        fixed(a.tbtMs),
        String(a.requests),
        fixed(a.transferred / 1024, 1),
      ]),
    ),
  ];
  for (const a of audits) {
    out.push("", `${a.page}: requests (bytes over the wire)`);
    out.push(
      formatTable(
        ["url", "bytes"],
        a.resources.map((r) => [r.url, String(r.bytes)]),
      ),
    );
    if (a.failing.length > 0) out.push(`accessibility audits not passed: ${a.failing.join(", ")}`);
  }
  const d = TARGETS.dashboard;
  const checks: Array<[string, boolean]> = [
    [`dashboard performance ≥ ${d.performance}`, dashboard.performance >= d.performance],
    [`dashboard CLS < ${d.cls}`, dashboard.cls < d.cls],
    [`dashboard accessibility ${d.accessibility}`, dashboard.accessibility >= d.accessibility],
    [`dashboard ≤ ${d.bytes / 1024} KB transferred`, dashboard.transferred <= d.bytes],
    [
      `public page ≤ ${TARGETS.public.bytes / 1024} KB transferred`,
      publicPage.transferred <= TARGETS.public.bytes,
    ],
  ];
  out.push("", ...checks.map(([name, ok]) => `${verdict(ok)} ${name}`));
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  process.stdout.write(`${out.join("\n")}\n`);
}
