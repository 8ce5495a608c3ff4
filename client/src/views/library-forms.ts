import { api } from "../api.js";
import { confirmAction } from "../confirm.js";
import { h } from "../dom.js";
import { describeError, problemCount, problemsOf, showProblems } from "../errors.js";
import { selectField, textField } from "../fields.js";
import type { Shell } from "../shell.js";
import { PROGRAMME_THEMES, themeName, type Library, type LibraryResource } from "./library-data.js";

type Saved = { resource: LibraryResource };

/** Sends a form's change and, on refusal, lists every problem beside its field and at the top. */
async function submit(
  form: HTMLFormElement,
  summaryHost: HTMLElement,
  what: string,
  send: () => Promise<void>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    const problems = problemsOf(error);
    showProblems(form, summaryHost, problemCount(problems.length, what), problems, describeError(error));
  }
}

/**
 * The link of a library entry. The IACP page gives none, so the agency adds its own; saving
 * makes the agency's copy of the entry (the shared entry is untouched), hence the new address.
 */
export function linkForm(shell: Shell, resource: LibraryResource): HTMLElement {
  const summaryHost = h("div");
  const input = h("input", {
    type: "url",
    id: "resource-url",
    name: "url",
    maxlength: "500",
    autocomplete: "off",
    "data-path": "url",
    "data-label": "Link",
    "aria-describedby": "resource-url-hint",
  });
  input.value = resource.url ?? "";
  const save = (url: string | null, message: string) =>
    submit(form, summaryHost, "the link", async () => {
      const reply = await api<Saved>("PATCH", `/resources/${resource.id}`, { url });
      shell.navigate(`#/library/${reply.resource.id}`, message);
    });
  const form = h(
    "form",
    { class: "panel stack-wide", novalidate: true, "aria-labelledby": "link-heading" },
    h("h3", { id: "link-heading" }, resource.url ? "Change the link" : "Add a link"),
    summaryHost,
    h(
      "div",
      { class: "field" },
      h("label", { for: "resource-url" }, "Link"),
      h(
        "p",
        { class: "hint", id: "resource-url-hint" },
        "The web address where your staff can open this resource, starting with https://.",
      ),
      input,
    ),
    h(
      "div",
      { class: "actions-bar" },
      h("button", { type: "submit" }, "Save link"),
      resource.url
        ? h(
            "button",
            { type: "button", class: "secondary", onclick: () => void save(null, "Link removed.") },
            "Remove link",
          )
        : null,
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void save(input.value.trim() || null, "Link saved.");
  });
  return form;
}

/** Adds (resource null) or edits one of the agency's own programmes. */
export function programmeForm(shell: Shell, library: Library, resource: LibraryResource | null): HTMLElement {
  const summaryHost = h("div");
  const values = {
    title: resource?.title ?? "",
    summary: resource?.summary ?? "",
    category: resource?.category ?? library.categories[0]?.name ?? "",
    url: resource?.url ?? "",
  };
  const chosen = new Set(resource?.themes ?? []);
  const themes = h(
    "fieldset",
    { "data-path": "themes", "data-label": "Themes", id: "f-themes", tabindex: "-1" },
    h("legend", {}, "Themes it addresses"),
    ...PROGRAMME_THEMES.map((theme, i) => {
      const box = h("input", {
        type: "checkbox",
        id: `theme-${i}`,
        value: theme,
        checked: chosen.has(theme),
      });
      box.addEventListener("change", () => (box.checked ? chosen.add(theme) : chosen.delete(theme)));
      return h("div", { class: "check" }, box, h("label", { for: `theme-${i}` }, themeName(theme)));
    }),
  );
  const categories = [...new Set([...library.categories.map((c) => c.name), values.category])];
  const form = h(
    "form",
    { class: "panel stack-wide", novalidate: true, "aria-labelledby": "programme-heading" },
    h("h3", { id: "programme-heading" }, resource ? "Edit the programme" : "The programme"),
    summaryHost,
    textField({
      label: "Title",
      path: "title",
      value: values.title,
      maxLength: 300,
      required: true,
      onInput: (v) => (values.title = v),
    }),
    textField({
      label: "Summary",
      path: "summary",
      value: values.summary,
      maxLength: 600,
      multiline: true,
      required: true,
      hint: "One or two sentences: what it is and who it is for.",
      onInput: (v) => (values.summary = v),
    }),
    selectField({
      label: "Category",
      path: "category",
      value: values.category,
      choices: categories.map((c) => ({ value: c, label: c })),
      onChange: (v) => (values.category = v),
    }),
    themes,
    textField({
      label: "Link (optional)",
      path: "url",
      value: values.url,
      maxLength: 500,
      hint: "A web page about the programme, starting with https://.",
      onInput: (v) => (values.url = v),
    }),
    h("button", { type: "submit" }, resource ? "Save programme" : "Add programme"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit(form, summaryHost, "the programme", async () => {
      const url = values.url.trim();
      const body = {
        title: values.title.trim(),
        summary: values.summary.trim(),
        category: values.category,
        themes: [...chosen],
        ...(url ? { url } : resource ? { url: null } : {}),
      };
      const reply = resource
        ? await api<Saved>("PATCH", `/resources/${resource.id}`, body)
        : await api<Saved>("POST", "/resources", body);
      shell.navigate(`#/library/${reply.resource.id}`, resource ? "Programme saved." : "Programme added.");
    });
  });
  return form;
}

/** Removes one of the agency's programmes, after asking. */
export function removeButton(shell: Shell, resource: LibraryResource): HTMLElement {
  return h(
    "p",
    {},
    h(
      "button",
      {
        type: "button",
        class: "secondary danger",
        onclick: async () => {
          const sure = await confirmAction({
            title: "Remove this programme?",
            message: `"${resource.title}" leaves your library and the dashboard's suggestions.`,
            confirm: "Remove programme",
          });
          if (!sure) return;
          try {
            await api("DELETE", `/resources/${resource.id}`);
            shell.navigate("#/library", "Programme removed.");
          } catch (error) {
            shell.announce(describeError(error));
          }
        },
      },
      "Remove programme",
    ),
  );
}
