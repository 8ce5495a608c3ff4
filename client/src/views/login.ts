import { api, setCsrfToken } from "../api.js";
import { h } from "../dom.js";
import { describeError } from "../errors.js";
import type { User } from "../types.js";

/** Staff sign-in. Errors are announced and shown under the form; the email field gets focus. */
export function showLogin(view: HTMLElement, onSignedIn: (user: User) => void, message = ""): void {
  const error = h("p", { class: "error", role: "alert", id: "login-error" }, message);
  const email = h("input", {
    id: "email",
    name: "email",
    type: "email",
    autocomplete: "username",
    required: true,
  });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "email" }, "Email"), email),
    h("div", { class: "field" }, h("label", { for: "password" }, "Password"), password),
    h("button", { type: "submit" }, "Sign in"),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const reply = await api<{ user: User; csrfToken: string }>("POST", "/auth/login", {
        email: email.value,
        password: password.value,
      });
      setCsrfToken(reply.csrfToken);
      onSignedIn(reply.user);
    } catch (err) {
      error.textContent = describeError(err);
    }
  });
  view.replaceChildren(h("h1", {}, "Staff sign-in"), form);
  document.title = "Sign in — Community Pulse";
  email.focus();
}
