import { api, ApiError, setCsrfToken } from "./api.js";
import { h } from "./dom.js";
import { describeError, focusField } from "./errors.js";
import { parseRoute, type Shell } from "./shell.js";
import type { User } from "./types.js";
import { showLogin } from "./views/login.js";
import { showAcceptInvite } from "./views/staff-invite.js";

const view = document.getElementById("view")!;
const who = document.getElementById("who")!;
const nav = document.getElementById("nav")!;
const status = document.getElementById("status")!;

let shell: Shell | null = null;
let hasUnsavedChanges: (() => boolean) | null = null;
let currentHash = location.hash;
let pendingMessage = "";

function announce(message: string): void {
  // Emptied first so the same message twice is still read out.
  status.textContent = "";
  window.setTimeout(() => (status.textContent = message), 30);
}

async function render(): Promise<void> {
  if (!shell) return;
  const unitRole = shell.user.role === "supervisor" || shell.user.role === "officer";
  let route = parseRoute(location.hash);
  // Supervisors and officers have only their unit screens.
  if (unitRole && route.name !== "units" && route.name !== "me")
    route = shell.user.role === "officer" ? { name: "me" } : { name: "units" };
  hasUnsavedChanges = null;
  try {
    // Each screen is loaded with its route: a page opened on one screen downloads only that
    // screen's code (the dashboard's Chart.js and socket.io stay off every other page).
    if (route.name === "units") await (await import("./views/units.js")).showUnits(shell, route.unit);
    else if (route.name === "me") await (await import("./views/units.js")).showMyFeedback(shell);
    else if (route.name === "surveys") await (await import("./views/survey-list.js")).showSurveyList(shell);
    else if (route.name === "settings") await (await import("./views/settings.js")).showSettings(shell);
    else if (route.name === "publishing") await (await import("./views/publishing.js")).showPublishing(shell);
    else if (route.name === "library")
      await (await import("./views/library.js")).showLibrary(shell, route.id);
    else if (route.name === "staff") await (await import("./views/staff.js")).showStaff(shell);
    else if (route.name === "account")
      await (
        await import("./views/staff.js")
      ).showAccount(shell, () => signedOut("You are signed out on every device."));
    else if (route.name === "invite") return showAcceptInvite(view, route.token, acceptedInvite);
    else if (route.tab === "edit") await (await import("./views/editor.js")).showEditor(shell, route.id);
    else if (route.tab === "share") await (await import("./views/share.js")).showShare(shell, route.id);
    else if (route.tab === "preview") await (await import("./views/preview.js")).showPreview(shell, route.id);
    else if (route.tab === "comments")
      await (await import("./views/comments.js")).showComments(shell, route.id);
    else if (route.tab === "compare") await (await import("./views/compare.js")).showCompare(shell, route.id);
    else if (route.tab === "breakdowns")
      await (await import("./views/breakdowns.js")).showBreakdowns(shell, route.id);
    else if (route.tab === "export") await (await import("./views/export.js")).showExport(shell, route.id);
    else if (route.tab === "dashboard")
      await (await import("./dashboard/index.js")).showDashboard(shell, route.id);
    else await (await import("./views/invitations.js")).showInvitations(shell, route.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signedOut();
    const heading = h(
      "h1",
      { tabindex: "-1" },
      error instanceof ApiError && error.status === 404 ? "Not found" : "Something went wrong",
    );
    view.replaceChildren(
      heading,
      h("p", {}, describeError(error)),
      h("p", {}, h("a", { href: "#/surveys" }, "Back to surveys")),
    );
    shell.arrived(heading, heading.textContent ?? "");
  }
  if (pendingMessage) announce(pendingMessage);
  pendingMessage = "";
}

function signedIn(user: User): void {
  who.replaceChildren(
    h("span", {}, `${user.email} (${user.role}) `),
    h("button", { type: "button", class: "secondary", onclick: () => void signOut() }, "Sign out"),
  );
  const admin = user.role === "admin";
  if (user.role === "supervisor" || user.role === "officer") {
    nav.replaceChildren(
      user.role === "officer"
        ? h("a", { href: "#/me" }, "My feedback")
        : h("a", { href: "#/units" }, "Units"),
    );
  } else
    nav.replaceChildren(
      h("a", { href: "#/surveys" }, "Surveys"),
      " ",
      h("a", { href: "#/library" }, "Library"),
      " ",
      h("a", { href: "#/units" }, "Units"),
      ...(admin
        ? [
            " ",
            h("a", { href: "#/settings" }, "Settings"),
            " ",
            h("a", { href: "#/staff" }, "Staff"),
            " ",
            h("a", { href: "#/publishing" }, "Public page"),
          ]
        : []),
      " ",
      h("a", { href: "#/account" }, "Account"),
    );
  shell = {
    user,
    view,
    announce,
    arrived(heading, title) {
      document.title = `${title} — Community Pulse`;
      heading.focus();
    },
    setLeaveGuard(isDirty) {
      hasUnsavedChanges = isDirty;
    },
    navigate(hash, message = "") {
      pendingMessage = message;
      if (location.hash === hash) void render();
      else location.hash = hash;
    },
  };
  void render();
}

function signedOut(message = ""): void {
  shell = null;
  setCsrfToken("");
  who.replaceChildren();
  nav.replaceChildren();
  showLogin(view, signedIn, message);
}

/** Whether the person agrees to leave the current view (asked only when changes are unsaved). */
function mayLeave(): boolean {
  return !hasUnsavedChanges?.() || window.confirm("You have unsaved changes. Leave without saving?");
}

async function signOut(): Promise<void> {
  if (!mayLeave()) return;
  await api("POST", "/auth/logout").catch(() => undefined);
  signedOut();
}

window.addEventListener("hashchange", () => {
  if (!location.hash.startsWith("#/") && location.hash !== "") return;
  if (!mayLeave()) {
    // Put the address back without drawing anything: the person chose to stay.
    history.replaceState(null, "", currentHash || "#/surveys");
    return;
  }
  currentHash = location.hash;
  void render();
});

// In-page links (skip link, error summaries) focus their target instead of changing the route.
document.addEventListener("click", (event) => {
  const link = (event.target as Element | null)?.closest?.("a[href^='#']");
  const href = link?.getAttribute("href") ?? "";
  if (event.defaultPrevented || !link || href.startsWith("#/") || href === "#") return;
  const target = document.getElementById(decodeURIComponent(href.slice(1)));
  if (!target) return;
  event.preventDefault();
  if (target.dataset["path"]) return focusField(target);
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
});

window.addEventListener("beforeunload", (event) => {
  if (hasUnsavedChanges?.()) event.preventDefault();
});

/** A newcomer who accepted an invitation is signed in and lands on the surveys. */
function acceptedInvite(user: User, csrfToken: string): void {
  setCsrfToken(csrfToken);
  history.replaceState(null, "", "#/surveys");
  currentHash = "#/surveys";
  signedIn(user);
}

async function start(): Promise<void> {
  const first = parseRoute(location.hash);
  if (first.name === "invite") return showAcceptInvite(view, first.token, acceptedInvite);
  // A bookmarked dashboard: its code downloads while the session is checked, not after.
  if (first.name === "survey" && first.tab === "dashboard")
    import("./dashboard/index.js").catch(() => undefined);
  try {
    const me = await api<{ user: User; csrfToken: string }>("GET", "/auth/me");
    setCsrfToken(me.csrfToken);
    signedIn(me.user);
  } catch (error) {
    signedOut(error instanceof ApiError && error.status === 401 ? "" : describeError(error));
  }
}

void start();
