import { api, ApiError } from "../api.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import { textField } from "../fields.js";
import type { User } from "../types.js";

interface InvitationInfo {
  email: string;
  role: string;
  name: string;
  agencyName: string;
}

export const PASSWORD_HINT =
  "At least 12 characters. Not a common password, a keyboard or alphabet run, or a repeat, and not your email. A few unrelated words work well.";

/**
 * The page a mailed invitation link opens (`#/invite/<token>`): the newcomer picks a name and
 * password, and is signed in. The token never leaves the page except in the POST body.
 */
export async function showAcceptInvite(
  view: HTMLElement,
  token: string,
  onAccepted: (user: User, csrfToken: string) => void,
): Promise<void> {
  let info: InvitationInfo;
  try {
    ({ invitation: info } = await api<{ invitation: InvitationInfo }>("POST", "/auth/invitation", { token }));
  } catch (error) {
    const heading = h("h1", { tabindex: "-1" }, "This invitation link does not work");
    const reason =
      error instanceof ApiError && (error.status === 404 || error.status === 400)
        ? "It may have been used already, withdrawn or expired. Ask your agency's admin to invite you again."
        : describeError(error);
    view.replaceChildren(
      heading,
      h("p", {}, reason),
      h("p", {}, h("a", { href: "#/surveys" }, "Go to sign-in")),
    );
    document.title = "Invitation — Community Pulse";
    heading.focus();
    return;
  }
  const values = { name: info.name, password: "" };
  const summaryHost = h("div", { class: "summary-host" });
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    summaryHost,
    h("p", {}, `Your sign-in email: ${info.email}`),
    textField({
      label: "Your name",
      path: "name",
      value: values.name,
      maxLength: 120,
      onInput: (value) => (values.name = value),
    }),
    textField({
      label: "Choose a password",
      path: "password",
      value: "",
      hint: PASSWORD_HINT,
      required: true,
      onInput: (value) => (values.password = value),
    }),
    h("button", { type: "submit" }, "Join and sign in"),
  );
  const password = form.querySelector<HTMLInputElement>("#f-password")!;
  password.type = "password";
  password.autocomplete = "new-password";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const reply = await api<{ user: User; csrfToken: string }>("POST", "/auth/invitation/accept", {
        token,
        password: values.password,
        name: values.name.trim(),
      });
      onAccepted(reply.user, reply.csrfToken);
    } catch (error) {
      const problems = problemsOf(error);
      showProblems(
        form,
        summaryHost,
        problemCount(problems.length, "your details"),
        problems,
        describeError(error),
      );
    }
  });
  const heading = h("h1", { tabindex: "-1" }, `Join ${info.agencyName}`);
  view.replaceChildren(heading, h("p", {}, `You are invited as ${info.role}.`), form);
  document.title = `Join ${info.agencyName} — Community Pulse`;
  heading.focus();
}
