import { ROLES, type Role } from "@shared/accounts.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import { selectField, textField } from "../fields.js";
import type { Shell } from "../shell.js";
import { digestSection } from "./account-digest.js";

interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  units: string[];
  badge: string | null;
}

interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
}

const ROLE_LABELS: Record<Role, string> = {
  officer: "Officer (own feedback, by badge)",
  supervisor: "Supervisor (feedback of their units)",
  analyst: "Analyst (reads results)",
  designer: "Designer (surveys and invitations)",
  admin: "Admin (everything, including staff and settings)",
};
const roleChoices = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const hidden = (text: string) => h("span", { class: "visually-hidden" }, text);

/**
 * A supervisor's units (comma-separated codes) or an officer's badge, saved with one button;
 * other roles have neither.
 */
function scopeCell(member: StaffMember, save: (change: Partial<StaffMember>, done: string) => void) {
  if (member.role !== "supervisor" && member.role !== "officer")
    return h("td", { "data-col": "Units or badge" }, "—");
  const supervisor = member.role === "supervisor";
  const id = `scope-${member.id}`;
  const input = h("input", {
    id,
    type: "text",
    value: supervisor ? member.units.join(", ") : (member.badge ?? ""),
    autocomplete: "off",
  });
  const change = (): Partial<StaffMember> => {
    if (!supervisor) return { badge: input.value.trim() || null };
    return {
      units: input.value
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean),
    };
  };
  return h(
    "td",
    { "data-col": "Units or badge" },
    h(
      "div",
      { class: "actions" },
      h(
        "label",
        { for: id },
        supervisor ? `Units of ${member.email} (comma-separated)` : `Badge of ${member.email}`,
      ),
      input,
      h(
        "button",
        { type: "button", class: "secondary", onclick: () => save(change(), `${member.email} saved.`) },
        supervisor ? "Save units" : "Save badge",
        hidden(` of ${member.email}`),
      ),
    ),
  );
}

function staffTable(shell: Shell, staff: StaffMember[], refresh: () => Promise<void>): HTMLElement {
  const act = async (member: StaffMember, change: Partial<StaffMember>, done: string) => {
    try {
      await api("PATCH", `/users/${member.id}`, change);
      await refresh();
      shell.announce(done);
    } catch (error) {
      shell.announce(describeError(error));
    }
  };
  const rows = staff.map((member) => {
    const selectId = `role-${member.id}`;
    const select = h(
      "select",
      { id: selectId },
      ...ROLES.map((role) => h("option", { value: role, selected: role === member.role }, role)),
    );
    const isSelf = member.id === shell.user.id;
    const toggle = member.active
      ? h(
          "button",
          {
            type: "button",
            class: "secondary danger",
            onclick: () => {
              const question = isSelf
                ? "Deactivate your own account? You will be signed out."
                : `Deactivate ${member.email}? They are signed out at once.`;
              if (window.confirm(question))
                void act(member, { active: false }, `${member.email} deactivated.`);
            },
          },
          "Deactivate",
          hidden(` ${member.email}`),
        )
      : h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => void act(member, { active: true }, `${member.email} reactivated.`),
          },
          "Reactivate",
          hidden(` ${member.email}`),
        );
    return h(
      "tr",
      {},
      h(
        "th",
        { scope: "row" },
        member.name ? `${member.name} ` : "",
        h("span", {}, member.email),
        isSelf ? " (you)" : "",
      ),
      h("td", { "data-col": "Status" }, member.active ? "Active" : "Deactivated"),
      h(
        "td",
        { "data-col": "Role" },
        h(
          "div",
          { class: "actions" },
          h("label", { for: selectId, class: "visually-hidden" }, `Role of ${member.email}`),
          select,
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              onclick: () =>
                void act(member, { role: select.value as Role }, `${member.email} is now ${select.value}.`),
            },
            "Change role",
            hidden(` of ${member.email}`),
          ),
        ),
      ),
      scopeCell(member, (change, done) => void act(member, change, done)),
      h("td", { "data-col": "Access" }, toggle),
    );
  });
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", { class: "visually-hidden" }, "Staff of your agency"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Person", "Status", "Role", "Units or badge", "Access"].map((t) =>
            h("th", { scope: "col" }, t),
          ),
        ),
      ),
      h("tbody", {}, ...rows),
    ),
  );
}

function invitationsList(shell: Shell, invitations: Invitation[], refresh: () => Promise<void>): HTMLElement {
  if (invitations.length === 0) return h("p", {}, "No invitations are waiting.");
  return h(
    "ul",
    { class: "link-list" },
    ...invitations.map((invitation) =>
      h(
        "li",
        {},
        `${invitation.email} as ${invitation.role}, until ${new Date(invitation.expiresAt).toLocaleDateString()} `,
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: async () => {
              try {
                await api("DELETE", `/staff-invitations/${invitation.id}`);
                await refresh();
                shell.announce(`Invitation for ${invitation.email} withdrawn.`);
              } catch (error) {
                shell.announce(describeError(error));
              }
            },
          },
          "Withdraw",
          hidden(` the invitation for ${invitation.email}`),
        ),
      ),
    ),
  );
}

function inviteForm(shell: Shell, refresh: () => Promise<void>): HTMLElement {
  const values = { email: "", name: "", role: "analyst" as Role };
  const summaryHost = h("div", { class: "summary-host" });
  const form = h(
    "form",
    { class: "panel", "aria-labelledby": "invite-heading", novalidate: true },
    h("h2", { id: "invite-heading" }, "Invite a colleague"),
    h(
      "p",
      { class: "hint" },
      "They get an email with a link that works once, for 7 days, to choose their password.",
    ),
    summaryHost,
    h(
      "div",
      { class: "inline-fields" },
      textField({
        label: "Email",
        path: "email",
        value: "",
        maxLength: 254,
        required: true,
        onInput: (v) => (values.email = v),
      }),
      textField({
        label: "Name (optional)",
        path: "name",
        value: "",
        maxLength: 120,
        onInput: (v) => (values.name = v),
      }),
      selectField({
        label: "Role",
        path: "role",
        value: values.role,
        choices: roleChoices,
        onChange: (v) => (values.role = v as Role),
      }),
    ),
    h("button", { type: "submit" }, "Send invitation"),
  );
  const email = form.querySelector<HTMLInputElement>("#f-email")!;
  email.type = "email";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("POST", "/staff-invitations", {
        email: values.email.trim(),
        role: values.role,
        ...(values.name.trim() ? { name: values.name.trim() } : {}),
      });
      email.value = "";
      values.email = "";
      summaryHost.replaceChildren();
      await refresh();
      shell.announce("Invitation sent.");
    } catch (error) {
      const problems = problemsOf(error);
      showProblems(
        form,
        summaryHost,
        problemCount(problems.length, "the invitation"),
        problems,
        describeError(error),
      );
    }
  });
  return form;
}

/** Staff management for admins: roles, deactivation, invitations. */
export async function showStaff(shell: Shell): Promise<void> {
  const heading = h("h1", { tabindex: "-1" }, "Staff");
  const tableHost = h("section", { "aria-labelledby": "staff-heading" });
  const pendingHost = h("section", { "aria-labelledby": "pending-heading" });
  const refresh = async () => {
    const [{ users }, { invitations }] = await Promise.all([
      api<{ users: StaffMember[] }>("GET", "/users"),
      api<{ invitations: Invitation[] }>("GET", "/staff-invitations"),
    ]);
    tableHost.replaceChildren(h("h2", { id: "staff-heading" }, "People"), staffTable(shell, users, refresh));
    pendingHost.replaceChildren(
      h("h2", { id: "pending-heading" }, "Waiting invitations"),
      invitationsList(shell, invitations, refresh),
    );
  };
  await refresh();
  shell.view.replaceChildren(heading, tableHost, inviteForm(shell, refresh), pendingHost);
  shell.arrived(heading, "Staff");
}

/** The signed-in person's own account: who they are, and signing out on every device. */
export async function showAccount(shell: Shell, onSignedOutEverywhere: () => void): Promise<void> {
  const heading = h("h1", { tabindex: "-1" }, "Your account");
  const button = h(
    "button",
    {
      type: "button",
      class: "secondary",
      onclick: async () => {
        try {
          await api("POST", "/auth/logout-everywhere");
          onSignedOutEverywhere();
        } catch (error) {
          shell.announce(describeError(error));
        }
      },
    },
    "Sign out on every device",
  );
  shell.view.replaceChildren(
    heading,
    h("p", {}, `Signed in as ${shell.user.email}, role ${shell.user.role}.`),
    h(
      "section",
      { class: "panel", "aria-labelledby": "everywhere-heading" },
      h("h2", { id: "everywhere-heading" }, "Lost a phone or used a shared computer?"),
      h("p", {}, "This ends every session of yours, on this device too. You sign in again afterwards."),
      button,
    ),
    await digestSection(shell),
  );
  shell.arrived(heading, "Your account");
}
