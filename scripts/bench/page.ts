import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { ApiClient } from "../../test/helpers/api-client.js";
import { launchBrowser } from "../../test/helpers/browser.js";
import { numberFlag, parseFlags, switchFlag } from "./flags.js";
import { freshDatabaseName, log, openEngine, startServerProcess, Teardown } from "./harness.js";
import { fixed, formatTable, verdict } from "./table.js";

/**
 * Respondent page: what it weighs (gzipped, as sent) and how soon a person can use it on a slow
 * phone line, cold, in real Chromium with the network throttled through the DevTools protocol
 * (DESIGN.md, "Performance targets": JS + CSS ≤ 25 KB; interactive ≤ 3 s at 400 kbps / 400 ms).
 */
export const usage = "page [--runs 5] [--kbps 400] [--rtt 400] [--cpu 4] [--json]";

const TARGETS = { weightBytes: 25 * 1024, enhancedMs: 3000 } as const;

interface Settings {
  runs: number;
  kbps: number;
  rttMs: number;
  cpuSlowdown: number;
  json: boolean;
}

interface Asset {
  url: string;
  kind: "html" | "script" | "style" | "worker";
  raw: number;
  gzip: number;
}

interface Timing {
  /** First paint of content: the form is on screen and works (it needs no script). */
  firstContentfulPaintMs: number;
  domContentLoadedMs: number;
  /** The script has run: skip logic, one question at a time, autosave. */
  enhancedMs: number;
  loadMs: number;
  transferredBytes: number;
}

function settings(args: readonly string[]): Settings {
  const flags = parseFlags(args, {
    runs: "value",
    kbps: "value",
    rtt: "value",
    cpu: "value",
    json: "switch",
  });
  return {
    runs: numberFlag(flags, "runs", 5, { min: 1, max: 100, integer: true }),
    kbps: numberFlag(flags, "kbps", 400, { min: 10, max: 1_000_000 }),
    rttMs: numberFlag(flags, "rtt", 400, { min: 0, max: 10_000 }),
    cpuSlowdown: numberFlag(flags, "cpu", 4, { min: 1, max: 20 }),
    json: switchFlag(flags, "json"),
  };
}

async function openSurveySlug(url: string, email: string, password: string): Promise<string> {
  const api = new ApiClient(url);
  const login = await api.login(email, password);
  if (login.status !== 200) throw new Error(`admin sign-in failed: ${login.status}`);
  const list = await api.get<{ surveys: Array<{ slug: string; template: string | null; status: string }> }>(
    "/api/v1/surveys",
  );
  const survey = list.body.surveys?.find((s) => s.template === "community-trust" && s.status === "open");
  if (!survey) throw new Error("no open community-trust survey in the demo agency");
  return survey.slug;
}

/** The page and everything it loads, fetched the way a browser without cache would. */
async function weigh(baseUrl: string, slug: string): Promise<Asset[]> {
  const page = await fetch(`${baseUrl}/s/${slug}`, { headers: { "accept-language": "en" } });
  const html = Buffer.from(await page.arrayBuffer());
  const text = html.toString("utf8");
  const found: Array<Pick<Asset, "url" | "kind">> = [
    ...[...text.matchAll(/<script[^>]* src="([^"]+)"/g)].map((m) => ({
      url: m[1]!,
      kind: "script" as const,
    })),
    ...[...text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => ({
      url: m[1]!,
      kind: "style" as const,
    })),
    { url: "/s/sw.js", kind: "worker" },
  ];
  if (found.length < 3)
    throw new Error("the page loads no built script or style: run `npm run build:client`");
  const assets: Asset[] = [
    { url: `/s/${slug}`, kind: "html", raw: html.length, gzip: gzipSync(html, { level: 9 }).length },
  ];
  for (const { url, kind } of found) {
    const bytes = Buffer.from(await (await fetch(`${baseUrl}${url}`)).arrayBuffer());
    assets.push({ url, kind, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return assets;
}

/** One cold load in a fresh context with the line and the CPU throttled. */
async function timeOnce(browser: Browser, url: string, options: Settings): Promise<Timing> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: options.rttMs,
      downloadThroughput: (options.kbps * 1000) / 8,
      uploadThroughput: (options.kbps * 1000) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: options.cpuSlowdown });
    let transferredBytes = 0;
    cdp.on("Network.loadingFinished", (event: { encodedDataLength: number }) => {
      transferredBytes += event.encodedDataLength;
    });
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName("respondent-enhanced").length > 0, null, {
      timeout: 60_000,
    });
    const figures = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      const enhanced = performance.getEntriesByName("respondent-enhanced")[0];
      return {
        firstContentfulPaintMs: paint?.startTime ?? NaN,
        domContentLoadedMs: nav.domContentLoadedEventEnd,
        enhancedMs: enhanced?.startTime ?? NaN,
        loadMs: nav.loadEventEnd,
      };
    });
    return { ...figures, transferredBytes };
  } finally {
    await context.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function run(args: readonly string[]): Promise<void> {
  const options = settings(args);
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const engine = await openEngine(teardown);
    const server = await startServerProcess(engine.uri, freshDatabaseName("cp_bench_page"));
    teardown.add("stop server", () => server.stop());
    log(`server: ${server.url} (pid ${server.pid})`);
    const slug = await openSurveySlug(server.url, server.adminEmail, server.adminPassword);
    const assets = await weigh(server.url, slug);

    const browser = await launchBrowser();
    teardown.add("close browser", () => browser.close());
    log(
      `${options.runs} cold loads at ${options.kbps} kbps, ${options.rttMs} ms RTT, CPU ÷${options.cpuSlowdown}`,
    );
    const timings: Timing[] = [];
    for (let i = 0; i < options.runs; i++)
      timings.push(await timeOnce(browser, `${server.url}/s/${slug}`, options));
    report(options, assets, timings);
  } finally {
    await teardown.run();
  }
}

function report(options: Settings, assets: Asset[], timings: Timing[]): void {
  const weight = assets.filter((a) => a.kind !== "html").reduce((sum, a) => sum + a.gzip, 0);
  const summary = (pick: (t: Timing) => number) => ({
    median: median(timings.map(pick)),
    max: Math.max(...timings.map(pick)),
  });
  const times = {
    firstContentfulPaint: summary((t) => t.firstContentfulPaintMs),
    domContentLoaded: summary((t) => t.domContentLoadedMs),
    enhanced: summary((t) => t.enhancedMs),
    load: summary((t) => t.loadMs),
    transferredBytes: summary((t) => t.transferredBytes),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ options, assets, weight, timings, times }, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push("", "Respondent page weight (as served, gzip -9):");
  out.push(
    formatTable(
      ["file", "kind", "bytes", "gzipped"],
      assets.map((a) => [a.url, a.kind, String(a.raw), String(a.gzip)]),
    ),
  );
  out.push(
    `JS + CSS + service worker, gzipped: ${weight} B (${fixed(weight / 1024, 1)} KB) — target ≤ 25 KB: ${verdict(weight <= TARGETS.weightBytes)}`,
  );
  out.push(
    "",
    `Cold load, ${options.kbps} kbps / ${options.rttMs} ms RTT, CPU ÷${options.cpuSlowdown}, ${timings.length} runs (ms):`,
  );
  out.push(
    formatTable(
      ["milestone", "median", "max"],
      [
        [
          "first contentful paint (form usable, no script needed)",
          fixed(times.firstContentfulPaint.median),
          fixed(times.firstContentfulPaint.max),
        ],
        ["DOMContentLoaded", fixed(times.domContentLoaded.median), fixed(times.domContentLoaded.max)],
        ["script enhancements in place", fixed(times.enhanced.median), fixed(times.enhanced.max)],
        ["load event", fixed(times.load.median), fixed(times.load.max)],
      ],
    ),
  );
  out.push(`bytes over the wire per cold load: ${fixed(times.transferredBytes.median)}`);
  out.push(
    `enhanced ≤ 3 s (median): ${verdict(times.enhanced.median <= TARGETS.enhancedMs)}; form usable ≤ 3 s (median FCP): ${verdict(times.firstContentfulPaint.median <= TARGETS.enhancedMs)}`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}
