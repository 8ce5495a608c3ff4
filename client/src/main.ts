import { api, ApiError, setCsrfToken } from "./api.js";
import { h, replace } from "./dom.js";

interface User {
  email: string;
  role: string;
}
interface Survey {
  id: string;
  slug: string;
  title: Record<string, string>;
  status: string;
  languages: string[];
  version: number;
}
interface Template {
  id: string;
  title: Record<string, string>;
}

const main = document.getElementById("main")!;
const who = document.getElementById("who")!;
const status = h("p", { role: "status", "aria-live": "polite", class: "status" });

const titleOf = (survey: { title: Record<string, string> }): string =>
  survey.title["en"] ?? Object.values(survey.title)[0] ?? "Untitled";

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.body.details?.map((d) => `${d.path}: ${d.message}`).join("; ");
    return details ? `${error.message} ${details}` : error.message;
  }
  return "The server could not be reached. Check your connection and try again.";
}

function showLogin(message = ""): void {
  who.textContent = "";
  const error = h("p", { class: "error", role: "alert" }, message);
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
    h("label", { for: "email" }, "Email", email),
    h("label", { for: "password" }, "Password", password),
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
      await showSurveys(reply.user);
    } catch (err) {
      error.textContent = describeError(err);
    }
  });
  replace(main, h("h1", {}, "Staff sign-in"), form);
  email.focus();
}

async function showSurveys(user: User): Promise<void> {
  who.replaceChildren(
    `${user.email} (${user.role}) `,
    h("button", { type: "button", class: "secondary", onclick: () => void signOut() }, "Sign out"),
  );
  const [{ surveys }, { templates }] = await Promise.all([
    api<{ surveys: Survey[] }>("GET", "/surveys"),
    api<{ templates: Template[] }>("GET", "/templates"),
  ]);
  const picker = h(
    "select",
    { id: "template" },
    ...templates.map((t) => h("option", { value: t.id }, titleOf(t))),
  );
  const create = h(
    "form",
    { class: "row" },
    h("label", { for: "template" }, "Start from a template", picker),
  );
  create.append(h("button", { type: "submit" }, "Create draft"));
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    await act(user, () => api("POST", "/surveys", { template: picker.value }), "Draft created.");
  });
  const rows = surveys.map((survey) =>
    h(
      "tr",
      {},
      h("td", {}, titleOf(survey)),
      h("td", {}, survey.status),
      h(
        "td",
        {},
        survey.status === "open" ? h("a", { href: `/s/${survey.slug}` }, `/s/${survey.slug}`) : "—",
      ),
      h("td", {}, h("div", { class: "actions" }, ...actionsFor(user, survey))),
    ),
  );
  replace(
    main,
    h("h1", {}, "Surveys"),
    status,
    user.role === "analyst" ? h("span") : create,
    h(
      "table",
      {},
      h("caption", { class: "skip" }, "Your agency's surveys"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Title", "Status", "Public link", "Actions"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h("tbody", {}, ...rows),
    ),
  );
}

function actionsFor(user: User, survey: Survey): HTMLElement[] {
  const buttons: HTMLElement[] = [
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        onclick: async () => {
          const results = await api<{ n: number }>("GET", `/surveys/${survey.id}/results`);
          status.textContent = `${titleOf(survey)}: ${results.n} responses.`;
        },
      },
      "Count responses",
    ),
  ];
  if (user.role === "analyst") return buttons;
  if (survey.status !== "open") {
    buttons.push(
      h(
        "button",
        {
          type: "button",
          onclick: () => act(user, () => api("POST", `/surveys/${survey.id}/publish`), "Published."),
        },
        "Publish",
      ),
    );
  } else {
    buttons.push(
      h(
        "button",
        {
          type: "button",
          onclick: () => act(user, () => api("POST", `/surveys/${survey.id}/close`), "Closed."),
        },
        "Close",
      ),
    );
  }
  return buttons;
}

async function act(user: User, action: () => Promise<unknown>, done: string): Promise<void> {
  try {
    await action();
    await showSurveys(user);
    status.textContent = done;
  } catch (error) {
    status.textContent = describeError(error);
  }
}

async function signOut(): Promise<void> {
  await api("POST", "/auth/logout").catch(() => undefined);
  setCsrfToken("");
  showLogin();
}

async function start(): Promise<void> {
  try {
    const me = await api<{ user: User; csrfToken: string }>("GET", "/auth/me");
    setCsrfToken(me.csrfToken);
    await showSurveys(me.user);
  } catch (error) {
    showLogin(error instanceof ApiError && error.status === 401 ? "" : describeError(error));
  }
}

void start();
