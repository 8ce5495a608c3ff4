import { createHmac, timingSafeEqual } from "node:crypto";
import { findUser, setDigestOptIn } from "@server/accounts/accounts.service.js";
import { invitationSettings } from "@server/invitations/settings.js";
import { AppError } from "@server/platform/errors.js";
import { escapeHtml } from "@server/surveys/html.js";

const OBJECT_ID = /^[a-f0-9]{24}$/;

function signature(userId: string): string {
  return createHmac("sha256", invitationSettings().keys.digestUnsubscribe)
    .update(`digest-unsubscribe\n${userId}`)
    .digest("base64url");
}

/**
 * The token of a digest's unsubscribe link: the person's id and an HMAC under a key used for
 * nothing else, so it can only ever turn off that person's digest, and needs no sign-in.
 */
export function digestUnsubscribeToken(userId: string): string {
  return `${userId}.${signature(userId)}`;
}

/** The person a token names, or null when it was not signed by this server. */
export function verifyDigestUnsubscribeToken(token: string): string | null {
  const [userId, given, extra] = token.split(".");
  if (!userId || !given || extra !== undefined || !OBJECT_ID.test(userId)) return null;
  const expected = Buffer.from(signature(userId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}

export const digestUnsubscribeUrl = (publicUrl: string, userId: string): string =>
  `${publicUrl}/digest/unsubscribe?t=${digestUnsubscribeToken(userId)}`;

/** Whose digest a token turns off; a forged token or a removed account is a 404. */
async function recipientOf(token: string): Promise<string> {
  const userId = verifyDigestUnsubscribeToken(token);
  if (!userId) throw new AppError(404, "not_found", "This link is not valid.");
  await findUser(userId);
  return userId;
}

/** Checks a link before its confirmation page is shown; nothing changes. */
export async function checkDigestUnsubscribe(token: string): Promise<void> {
  await recipientOf(token);
}

/** Turns the weekly digest off for the person the token names (RFC 8058 one-click too). */
export async function unsubscribeDigest(token: string): Promise<void> {
  await setDigestOptIn(await recipientOf(token), false);
}

const TITLE = "Turn off the weekly digest";

/** A plain page: no script, no inline style (the CSP forbids both), readable at any width. */
function page(body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${TITLE}</title></head>
<body><main><h1>${TITLE}</h1>${body}</main></body>
</html>`;
}

/** The confirmation form: a GET never changes anything (mail scanners follow links), the button does. */
export function unsubscribeFormPage(token: string): string {
  return page(
    `<p>Do you want to stop getting the weekly Community Pulse digest by email?</p>
<form method="post" action="/digest/unsubscribe"><input type="hidden" name="t" value="${escapeHtml(token)}"><button type="submit">Turn off the digest</button></form>`,
  );
}

export const unsubscribeDonePage = (): string =>
  page(
    "<p>Done. You will not get the weekly digest any more. You can turn it on again on your account page in the staff pages.</p>",
  );

export const unsubscribeInvalidPage = (): string =>
  page("<p>This link is not valid. It may have been copied incompletely.</p>");
