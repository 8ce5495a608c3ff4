import type { BrowserContext, Page } from "playwright-core";
import { TEST_PASSWORD } from "./factories.js";

/**
 * A new page signed in to the staff app as `email`, on the survey list. `problems` collects
 * script errors and Content-Security-Policy reports from then on; a test ends by asserting it
 * is empty.
 */
export async function signedInPage(
  context: BrowserContext,
  baseUrl: string,
  email: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  await page.goto(`${baseUrl}/app/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
  return { page, problems };
}
