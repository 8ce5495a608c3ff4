import { AUDIT_ACTION_LABELS, AUDIT_TARGET_LABELS } from "@shared/audit.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError } from "../errors.js";
import type { Shell } from "../shell.js";

interface Entry {
  id: string;
  at: string;
  actor: { kind: string; label: string };
  action: string;
  target: { type: string; id: string; label: string | null };
}

const PAGE = 25;

/** An action in words; a code this page does not know yet (a newer server) shows as it is. */
function describeAction(action: string): string {
  return (AUDIT_ACTION_LABELS as Readonly<Record<string, string>>)[action] ?? action;
}

/** What the entry is about: its name when the server gave one, else its kind in words. */
function describeTarget(target: Entry["target"]): string {
  const kind = AUDIT_TARGET_LABELS[target.type] ?? target.type;
  if (!target.label) return target.type === "survey" ? "A survey that no longer exists" : kind;
  return target.type === "survey" ? `“${target.label}”` : `${kind}: ${target.label}`;
}

function row(entry: Entry): HTMLElement {
  return h(
    "tr",
    {},
    h("td", { "data-col": "When" }, new Date(entry.at).toLocaleString()),
    h("td", { "data-col": "Who" }, entry.actor.label),
    h("td", { "data-col": "What" }, describeAction(entry.action)),
    h("td", { "data-col": "On" }, describeTarget(entry.target)),
  );
}

/** The agency's audit log, newest first, a page at a time. */
export async function auditSection(shell: Shell): Promise<HTMLElement> {
  const body = h("tbody");
  const more = h("button", { type: "button", class: "secondary" }, "Show older entries");
  let next: string | null = null;
  const load = async () => {
    const query = next ? `?limit=${PAGE}&before=${next}` : `?limit=${PAGE}`;
    const page = await api<{ entries: Entry[]; next: string | null }>("GET", `/audit${query}`);
    body.append(...page.entries.map(row));
    next = page.next;
    more.hidden = next === null;
    return page.entries.length;
  };
  more.addEventListener("click", async () => {
    try {
      shell.announce(`${await load()} older entries shown.`);
    } catch (error) {
      shell.announce(describeError(error));
    }
  });
  await load();
  return h(
    "section",
    { class: "panel", "aria-labelledby": "audit-heading" },
    h("h2", { id: "audit-heading" }, "Recent activity"),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        {},
        h("caption", { class: "visually-hidden" }, "Audit log of staff actions"),
        h(
          "thead",
          {},
          h("tr", {}, ...["When", "Who", "What", "On"].map((t) => h("th", { scope: "col" }, t))),
        ),
        body,
      ),
    ),
    more,
  );
}
