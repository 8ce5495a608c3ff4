import assert from "node:assert/strict";
import { after, before } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, signInOnPhone } from "./browser.js";
import { buildAgency, TEST_PASSWORD } from "./factories.js";
import { startTestServer, type TestServer } from "./server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;

/**
 * For a suite that walks the staff pages in Chromium: a real server, a browser and an agency
 * with an admin, a designer and an analyst, set up before the suite and torn down after it,
 * which then fails if any page had a script error or a Content-Security-Policy refusal.
 */
export function staffBrowserSuite() {
  const state = {
    server: null as TestServer | null,
    browser: null as Browser | null,
    built: null as Built | null,
  };
  const problems: string[] = [];
  before(async () => {
    state.server = await startTestServer();
    state.browser = await launchBrowser();
    state.built = await buildAgency(state.server.url, ["admin", "designer", "analyst"]);
  });
  after(async () => {
    await state.browser?.close();
    await state.server?.stop();
    assert.deepEqual(problems, [], "no script errors or Content-Security-Policy violations");
  });
  return {
    get server(): TestServer {
      return state.server!;
    },
    get built(): Built {
      return state.built!;
    },
    /** Signs in on a 360 px phone as the agency's admin, designer or analyst. */
    signIn: (role: "admin" | "designer" | "analyst") =>
      signInOnPhone(
        state.browser!,
        state.server!.url,
        `${role}-${state.built!.slug}@example.org`,
        TEST_PASSWORD,
        problems,
      ),
  };
}
