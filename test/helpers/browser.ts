import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium; never a browser downloaded by a test tool. */
export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

// The machine has no network but the package registries: without these flags Chromium keeps
// trying to reach its own services.
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/** A phone-sized context: 360 × 640, touch, like the cheap phones residents use. */
export async function phoneContext(
  browser: Browser,
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 640 },
    hasTouch: true,
    isMobile: true,
    ...options,
  });
}

const require = createRequire(import.meta.url);
let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules, plus 2.2) in the page and returns the serious and
 * critical violations. The script is injected through the DevTools protocol, so the page's
 * Content-Security-Policy does not need to allow it.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations;
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** A readable summary for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)
    .join("\n");
}

/**
 * Opens the staff pages on a phone-sized context and signs in as `email`; script errors and
 * Content-Security-Policy refusals on the page are added to `problems`.
 */
export async function signInOnPhone(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
  problems: string[],
  landing = "Surveys",
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  await page.goto(`${baseUrl}/app/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: landing }).waitFor();
  return { context, page };
}

/** Fails when the page scrolls sideways: everything must fit a 360 px phone. */
export async function assertFitsPhone(page: Page): Promise<void> {
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    "nothing scrolls sideways at 360 px",
  );
}

/** Fails with axe's serious and critical violations listed. */
export async function assertAxeClean(page: Page): Promise<void> {
  assert.equal(describeViolations(await seriousAxeViolations(page)), "");
}

/** Waits until the page's status region (what screen readers hear) says `text`. */
export async function announced(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole("status").filter({ hasText: text }).waitFor();
}

/**
 * The id of the focused element once focus has settled on `expected`, or whatever holds focus
 * after 3 s. `autofocus` and fragment navigation move focus at the next rendering step, not when
 * the element appears, so reading `activeElement` at once races the browser.
 */
export async function settledFocusId(page: Page, expected: string): Promise<string | undefined> {
  await page
    .waitForFunction((id) => document.activeElement?.id === id, expected, { timeout: 3000 })
    .catch(() => undefined);
  return page.evaluate(() => document.activeElement?.id);
}

/** Like `settledFocusId`, for an element known by its text (a heading reached by a skip link). */
export async function settledFocusText(page: Page, expected: string): Promise<string | null | undefined> {
  await page
    .waitForFunction((text) => document.activeElement?.textContent === text, expected, { timeout: 3000 })
    .catch(() => undefined);
  return page.evaluate(() => document.activeElement?.textContent);
}
