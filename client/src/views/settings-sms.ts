import { api } from "../api.js";
import { h } from "../dom.js";

interface SmsSettings {
  mode: "provider" | "outbox";
  provider: string | null;
  from: string | null;
}

/**
 * Where text invitations go, as the server was started (SMS_* settings): the provider and the
 * sender with its digits masked, or the outbox folder when no provider is set. Read-only: the
 * account's secrets stay in the server's environment.
 */
export async function smsSection(): Promise<HTMLElement> {
  const { sms } = await api<{ sms: SmsSettings }>("GET", "/sms/settings");
  const rows: Array<[string, string]> =
    sms.mode === "provider"
      ? [
          ["Text messages", `Sent through ${sms.provider === "twilio" ? "Twilio" : sms.provider}`],
          ["Sent from", sms.from ?? "—"],
          ["Delivery reports and replies", "/api/v1/sms/status and /api/v1/sms/inbound"],
        ]
      : [
          ["Text messages", "Not sent: no provider is configured"],
          ["Where texts go", "Written to the sms-outbox folder in the server's data directory"],
        ];
  return h(
    "section",
    { class: "panel", "aria-labelledby": "sms-heading" },
    h("h2", { id: "sms-heading" }, "Text messages"),
    h("dl", { class: "facts" }, ...rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    h(
      "p",
      { class: "hint" },
      "Set by the server's SMS_PROVIDER_URL, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM. Replies STOP, START and HELP are honoured at once.",
    ),
  );
}
