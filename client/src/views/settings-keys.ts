import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import type { Shell } from "../shell.js";

interface ApiKey {
  id: string;
  prefix: string;
  name: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** False while the admin who created the key is deactivated: the key is refused until then. */
  creatorActive: boolean;
}

const SCOPE_LABELS: Record<string, string> = {
  "surveys:read": "Read the list of surveys",
  "results:read": "Read results and trends",
  "responses:export": "Export every response (CSV)",
  "invitations:write": "Send post-contact invitations",
  "invitations:read": "Read invitation counts",
  "contacts:write": "Send contacts from the dispatch system",
};
const when = (iso: string | null, never = "never") => (iso ? new Date(iso).toLocaleString() : never);
const hidden = (text: string) => h("span", { class: "visually-hidden" }, text);

function keysTable(shell: Shell, keys: ApiKey[], refresh: () => Promise<void>): HTMLElement {
  if (keys.length === 0) return h("p", {}, "No API keys yet.");
  const rows = keys.map((key) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, key.name, h("span", { class: "meta-line" }, ` ${key.prefix}…`)),
      h("td", { "data-col": "Allowed" }, key.scopes.join(", ")),
      h("td", { "data-col": "Created" }, `${when(key.createdAt)} by ${key.createdBy}`),
      h("td", { "data-col": "Last used" }, when(key.lastUsedAt)),
      h(
        "td",
        { "data-col": "Status" },
        key.revokedAt
          ? `Revoked ${when(key.revokedAt)}`
          : h(
              "span",
              {},
              !key.creatorActive &&
                h("span", { class: "meta-line" }, "Not working: its creator is deactivated. "),
              h(
                "button",
                {
                  type: "button",
                  class: "secondary danger",
                  onclick: async () => {
                    if (
                      !window.confirm(`Revoke the key "${key.name}"? Systems using it stop working at once.`)
                    )
                      return;
                    try {
                      await api("DELETE", `/api-keys/${key.id}`);
                      await refresh();
                      shell.announce(`Key "${key.name}" revoked.`);
                    } catch (error) {
                      shell.announce(describeError(error));
                    }
                  },
                },
                "Revoke",
                hidden(` key ${key.name}`),
              ),
            ),
      ),
    ),
  );
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", { class: "visually-hidden" }, "API keys of your agency"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Name", "Allowed", "Created", "Last used", "Status"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h("tbody", {}, ...rows),
    ),
  );
}

function createForm(
  shell: Shell,
  scopes: string[],
  shown: HTMLElement,
  refresh: () => Promise<void>,
): HTMLElement {
  let name = "";
  const summaryHost = h("div", { class: "summary-host" });
  const boxes = scopes.map((scope) => {
    const id = `scope-${scope.replace(":", "-")}`;
    return h(
      "div",
      { class: "check" },
      h("input", { type: "checkbox", id, value: scope, name: "scopes" }),
      h("label", { for: id }, `${SCOPE_LABELS[scope] ?? scope} (${scope})`),
    );
  });
  // Built by hand: the agency form on the same page already owns the id `textField` would give "name".
  const nameInput = h("input", {
    type: "text",
    id: "key-name",
    maxlength: "80",
    autocomplete: "off",
    "data-path": "name",
    "data-label": "Name",
    "aria-describedby": "key-name-hint",
  });
  nameInput.addEventListener("input", () => (name = nameInput.value));
  const nameField = h(
    "div",
    { class: "field" },
    h("label", { for: "key-name" }, "Name"),
    h("p", { class: "hint", id: "key-name-hint" }, "Which system uses it, e.g. CAD bridge."),
    nameInput,
  );
  const form = h(
    "form",
    { class: "stack-wide", novalidate: true, "aria-labelledby": "new-key-heading" },
    h("h3", { id: "new-key-heading" }, "Create a key"),
    summaryHost,
    nameField,
    h(
      "fieldset",
      { "data-path": "scopes", "data-label": "Allowed", id: "f-scopes", tabindex: "-1" },
      h("legend", {}, "Allowed to"),
      ...boxes,
    ),
    h("button", { type: "submit" }, "Create key"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = [...form.querySelectorAll<HTMLInputElement>("input[name=scopes]:checked")].map(
      (b) => b.value,
    );
    try {
      const reply = await api<{ apiKey: ApiKey; key: string }>("POST", "/api-keys", {
        name: name.trim(),
        scopes: chosen,
      });
      summaryHost.replaceChildren();
      const output = h("input", {
        type: "text",
        id: "new-key",
        readonly: true,
        "aria-describedby": "new-key-note",
      });
      output.value = reply.key;
      shown.replaceChildren(
        h(
          "div",
          { class: "notice warning", role: "status" },
          h(
            "p",
            { id: "new-key-note" },
            `Copy the key for "${reply.apiKey.name}" now: it is shown only this once.`,
          ),
          h("div", { class: "field" }, h("label", { for: "new-key" }, "New API key"), output),
        ),
      );
      // Focus before the list refreshes: the key is what the admin must act on, and nothing in
      // the refreshed list takes focus, so the key is focused the moment it appears.
      output.focus();
      output.select();
      await refresh();
    } catch (error) {
      const problems = problemsOf(error);
      showProblems(
        form,
        summaryHost,
        problemCount(problems.length, "the key"),
        problems,
        describeError(error),
      );
    }
  });
  return form;
}

/** API keys for integrations: list, create (shown once), revoke. */
export async function apiKeysSection(shell: Shell): Promise<HTMLElement> {
  const listHost = h("div");
  const shown = h("div");
  let scopes: string[] = [];
  const refresh = async () => {
    const reply = await api<{ apiKeys: ApiKey[]; scopes: string[] }>("GET", "/api-keys");
    scopes = reply.scopes;
    listHost.replaceChildren(keysTable(shell, reply.apiKeys, refresh));
  };
  await refresh();
  return h(
    "section",
    { class: "panel", "aria-labelledby": "keys-heading" },
    h("h2", { id: "keys-heading" }, "API keys"),
    h(
      "p",
      { class: "hint" },
      "Other systems (a dispatch system posting invitations, a city dashboard) call the API with a key in the Authorization header. Each key can do only what it is allowed to.",
    ),
    listHost,
    shown,
    createForm(shell, scopes, shown, refresh),
  );
}
