import type { OutgoingMail } from "@server/platform/mailer.js";

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

interface InviteMailInput {
  to: string;
  from: string;
  agencyName: string;
  invitedBy: string;
  role: string;
  link: string;
  expiresAt: Date;
}

/**
 * The mail a new colleague gets. The link carries the one-time token in its fragment (after
 * `#`), which browsers never send to a server, so it stays out of logs and proxies.
 */
export function staffInviteMail(input: InviteMailInput): OutgoingMail {
  const expires = input.expiresAt.toUTCString();
  const text = [
    `${input.invitedBy} invited you to join ${input.agencyName} on Community Pulse as ${input.role}.`,
    "",
    "Choose your password here (the link works once):",
    input.link,
    "",
    `The link expires ${expires}. If you did not expect this, ignore this email.`,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(input.invitedBy)} invited you to join <strong>${escapeHtml(input.agencyName)}</strong> on Community Pulse as ${escapeHtml(input.role)}.</p>`,
    `<p><a href="${escapeHtml(input.link)}">Choose your password</a> (the link works once).</p>`,
    `<p>The link expires ${escapeHtml(expires)}. If you did not expect this, ignore this email.</p>`,
  ].join("\n");
  return {
    from: { name: input.agencyName, address: input.from },
    to: input.to,
    subject: `You are invited to ${input.agencyName} on Community Pulse`,
    text,
    html,
  };
}
