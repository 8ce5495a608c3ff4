import { roleAtLeast, type Role } from "@shared/accounts.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError } from "../errors.js";
import { estimateRows, previewRows } from "./preview.js";
import { uploadCsv, type UploadResult } from "./upload.js";
import "./invitations.css";

interface Segment {
  invited: number;
  sent: number;
  completed: number;
  responseRate: number | null;
}
interface Summary {
  created: number;
  sent: number;
  opened: number;
  completed: number;
  bounced: number;
  scheduled: number;
  expired: number;
  optedOut: number;
  /** Text invitations by what the SMS provider last reported. */
  text?: { sent: number; delivered: number; failed: number; undeliverable: number };
  byContactType: Array<Segment & { contactType: string }>;
  byDistrict: Array<Segment & { district: string | null }>;
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const PREVIEW_ROWS = 6;

const cell = (label: string, value: string) => h("td", { "data-col": label }, value);
const percent = (value: number | null) => (value === null ? "–" : `${value}%`);

function table(caption: string, headers: string[], rows: string[][]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, ...headers.map((name) => h("th", { scope: "col" }, name)))),
      h(
        "tbody",
        {},
        ...rows.map((row) => h("tr", {}, ...row.map((value, i) => cell(headers[i] ?? "", value)))),
      ),
    ),
  );
}

function funnel(summary: Summary): HTMLElement {
  const steps: Array<[string, number]> = [
    ["Invited", summary.created],
    ["Sent", summary.sent],
    ["Opened", summary.opened],
    ["Answered", summary.completed],
  ];
  const top = Math.max(1, summary.created);
  return h(
    "ol",
    { class: "invitation-funnel" },
    ...steps.map(([label, n]) =>
      h(
        "li",
        {},
        h("span", { class: "funnel-label" }, label),
        h("meter", {
          min: "0",
          max: String(top),
          value: String(n),
          "aria-label": `${label}: ${n} of ${summary.created}`,
        }),
        h("span", { class: "funnel-count" }, String(n)),
      ),
    ),
  );
}

function segmentRows<T extends Segment>(segments: T[], name: (s: T) => string): string[][] {
  return segments.map((s) => [
    name(s),
    String(s.invited),
    String(s.sent),
    String(s.completed),
    percent(s.responseRate),
  ]);
}

async function renderSummary(target: HTMLElement, surveyId: string): Promise<void> {
  const summary = await api<Summary>("GET", `/surveys/${encodeURIComponent(surveyId)}/invitations/summary`);
  const headers = ["Invited", "Sent", "Answered", "Response rate"];
  const parts: HTMLElement[] = [
    funnel(summary),
    h(
      "p",
      {},
      `Waiting to be sent: ${summary.scheduled}. Bounced: ${summary.bounced}. Opted out: ${summary.optedOut}. Expired unanswered: ${summary.expired}.`,
    ),
  ];
  const text = summary.text;
  if (text && text.sent + text.failed + text.undeliverable > 0) {
    parts.push(
      table(
        "Text messages",
        ["Sent", "Delivered", "Failed", "Number cannot receive texts"],
        [[text.sent, text.delivered, text.failed, text.undeliverable].map(String)],
      ),
    );
  }
  if (summary.byContactType.length > 0) {
    const rows = segmentRows(summary.byContactType, (s) => s.contactType);
    parts.push(table("Response rate by contact type", ["Contact type", ...headers], rows));
  }
  if (summary.byDistrict.length > 0) {
    const rows = segmentRows(summary.byDistrict, (s) => s.district ?? "not given");
    parts.push(table("Response rate by district", ["District", ...headers], rows));
  }
  target.replaceChildren(...parts);
}

function resultView(result: UploadResult, sent: boolean): HTMLElement {
  const heading = h(
    "h3",
    { tabindex: "-1" },
    sent
      ? `${result.created} invitation${result.created === 1 ? "" : "s"} scheduled`
      : `${result.created} contact${result.created === 1 ? "" : "s"} would be invited`,
  );
  return h(
    "div",
    { class: "upload-result" },
    heading,
    result.rejected.length === 0
      ? h("p", {}, "No row was rejected.")
      : table(
          `${result.rejected.length} row${result.rejected.length === 1 ? "" : "s"} rejected`,
          ["Row", "Reason"],
          result.rejected.map((r) => [String(r.row), r.message]),
        ),
  );
}

/**
 * The staff view of a survey's invitations: upload a CSV export (preview, a dry run that
 * shows what would be rejected, then the real upload with progress) and the delivery funnel.
 */
export async function mountInvitations(el: HTMLElement, surveyId: string): Promise<void> {
  const me = await api<{ user: { role: Role }; csrfToken: string }>("GET", "/auth/me");
  const summaryBox = h("div", { "aria-live": "polite" });
  const refresh = h("button", { type: "button", class: "secondary" }, "Refresh");
  const delivery = h(
    "section",
    { class: "panel", "aria-labelledby": "delivery-heading" },
    h("h2", { id: "delivery-heading" }, "Delivery"),
    summaryBox,
    refresh,
  );
  const loadSummary = () =>
    renderSummary(summaryBox, surveyId).catch((error: unknown) => {
      summaryBox.replaceChildren(h("p", { class: "error" }, describeError(error)));
    });
  refresh.addEventListener("click", () => void loadSummary());

  if (!roleAtLeast(me.user.role, "designer")) {
    el.replaceChildren(delivery);
    await loadSummary();
    return;
  }

  const fileInput = h("input", {
    type: "file",
    id: "invitation-file",
    accept: ".csv,text/csv",
    "aria-describedby": "invitation-file-hint",
  });
  const status = h("p", { class: "status", role: "status" });
  const progress = h("progress", { max: "1", value: "0", hidden: true, "aria-label": "Upload progress" });
  const preview = h("div", {});
  const result = h("div", {});
  const check = h("button", { type: "button", class: "secondary", disabled: true }, "Check file");
  const send = h("button", { type: "button", disabled: true }, "Send invitations");
  let csv = "";

  const setBusy = (busy: boolean) => {
    check.disabled = busy || !csv;
    send.disabled = busy || !csv;
    fileInput.disabled = busy;
  };

  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    csv = "";
    result.replaceChildren();
    preview.replaceChildren();
    setBusy(false);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      status.textContent = "The file is larger than 5 MB. Split it into smaller files.";
      return;
    }
    void file.text().then((text) => {
      csv = text;
      const rows = previewRows(text, PREVIEW_ROWS);
      const [header = [], ...data] = rows;
      preview.replaceChildren(
        table(`First rows of ${file.name} (about ${estimateRows(text)} contacts)`, header, data),
      );
      status.textContent = "Check the columns, then check the file or send the invitations.";
      setBusy(false);
    });
  });

  const run = async (dryRun: boolean) => {
    setBusy(true);
    progress.hidden = false;
    progress.value = 0;
    status.textContent = dryRun ? "Checking the file…" : "Uploading…";
    try {
      const answer = await uploadCsv(surveyId, csv, me.csrfToken, {
        dryRun,
        onProgress: (fraction) => {
          progress.value = fraction;
          if (fraction >= 1) status.textContent = "Checking every row…";
        },
      });
      const view = resultView(answer, !dryRun);
      result.replaceChildren(view);
      status.textContent = dryRun ? "Checked. Nothing has been sent yet." : "Done.";
      view.querySelector<HTMLElement>("h3")?.focus();
      if (!dryRun) await loadSummary();
    } catch (error) {
      result.replaceChildren(h("p", { class: "error", role: "alert" }, describeError(error)));
      status.textContent = "";
    } finally {
      progress.hidden = true;
      setBusy(false);
    }
  };
  check.addEventListener("click", () => void run(true));
  send.addEventListener("click", () => void run(false));

  const upload = h(
    "section",
    { class: "panel", "aria-labelledby": "upload-heading" },
    h("h2", { id: "upload-heading" }, "Invite people after a contact"),
    h(
      "p",
      {},
      "Upload a CSV export from your dispatch or records system. Each person gets one email with a single-use link, at most two reminders, and a way to opt out. Your agency's rules apply: excluded contact types, quiet hours, the delay after the contact, and the gap between invitations.",
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "invitation-file" }, "Contacts file (CSV)"),
      h(
        "p",
        { class: "hint", id: "invitation-file-hint" },
        "Columns: email and contactType (required), district, contactedAt (ISO date and time) and language (optional). Other columns are ignored and never stored.",
      ),
      fileInput,
    ),
    preview,
    h("div", { class: "actions" }, check, send),
    progress,
    status,
    result,
  );
  el.replaceChildren(upload, delivery);
  await loadSummary();
}
