import { roleAtLeast } from "@shared/accounts.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { textIn } from "../languages.js";
import type { Shell } from "../shell.js";
import type { Survey } from "../types.js";
import { surveyNav } from "./survey-nav.js";

interface InvitationsModule {
  mountInvitations?: (el: HTMLElement, surveyId: string) => void | Promise<void>;
}

// The invitations feature ships its own staff module; it is loaded only when this view opens,
// and the view still works (with a notice) on a build that does not include it.
const modules = import.meta.glob<InvitationsModule>("../invitations/index.ts");

async function loadMount(): Promise<InvitationsModule["mountInvitations"] | null> {
  for (const load of Object.values(modules)) {
    const module = await load();
    if (typeof module.mountInvitations === "function") return module.mountInvitations;
  }
  return null;
}

/** Post-contact invitations of a survey, drawn by the invitations module. */
export async function showInvitations(shell: Shell, surveyId: string): Promise<void> {
  const { survey } = await api<{ survey: Survey }>("GET", `/surveys/${surveyId}`);
  const title = textIn(survey.title, survey.languages[0]!) || "Untitled survey";
  const heading = h("h1", { tabindex: "-1" }, `Invitations: ${title}`);
  const host = h("div", { class: "invitations-host" });
  shell.view.replaceChildren(
    heading,
    surveyNav(survey, "invitations", roleAtLeast(shell.user.role, "designer")),
    host,
  );
  const mount = await loadMount();
  if (mount) await mount(host, survey.id);
  else host.append(h("p", { class: "notice" }, "Email invitations are not available on this server yet."));
  shell.arrived(heading, `Invitations: ${title}`);
}
