import { RESOURCE_KIND_NAMES as KIND_NAMES } from "@shared/resources.js";
import { h } from "../dom.js";
import type { Shell } from "../shell.js";
import "./library.css";
import { loadLibrary, matches, themeName, type Library, type LibraryResource } from "./library-data.js";
import { linkForm, programmeForm, removeButton } from "./library-forms.js";

/** The browse filters, kept while someone opens an entry and comes back. */
const filters = { search: "", category: "", theme: "" };

const isAdmin = (shell: Shell): boolean => shell.user.role === "admin";

function select(id: string, label: string, value: string, choices: Array<[string, string]>): HTMLElement {
  const control = h(
    "select",
    { id, name: id },
    ...choices.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

function entryItem(resource: LibraryResource): HTMLElement {
  const notes = [KIND_NAMES[resource.kind] ?? resource.kind];
  if (!resource.fromLibrary) notes.push("your agency's programme");
  if (!resource.url) notes.push("no link yet");
  if (resource.fits.length > 0) notes.push(`suggested for ${resource.fits.map((f) => f.label).join(", ")}`);
  return h(
    "li",
    {},
    h("a", { href: `#/library/${resource.id}` }, resource.title),
    h("p", { class: "meta-line" }, notes.join(" · ")),
  );
}

/** Draws the entries that pass the filters, grouped under their category in library order. */
function drawList(library: Library, host: HTMLElement, count: HTMLElement): void {
  const shown = library.resources.filter(
    (r) =>
      (!filters.category || r.category === filters.category) &&
      (!filters.theme || r.themes.includes(filters.theme)) &&
      matches(r, filters.search),
  );
  count.textContent =
    shown.length === library.resources.length
      ? `Showing all ${shown.length} resources.`
      : `Showing ${shown.length} of ${library.resources.length} resources.`;
  const groups = new Map<string, LibraryResource[]>();
  for (const r of shown) groups.set(r.category, [...(groups.get(r.category) ?? []), r]);
  host.replaceChildren(
    ...[...groups].map(([category, entries], i) =>
      h(
        "section",
        { class: "library-group", "aria-labelledby": `group-${i}` },
        h("h2", { id: `group-${i}` }, `${category} (${entries.length})`),
        h("ul", { class: "library-list" }, ...entries.map(entryItem)),
      ),
    ),
  );
  if (shown.length === 0)
    host.replaceChildren(h("p", {}, "No resource matches. Try fewer words or another filter."));
}

function browse(shell: Shell, library: Library): void {
  const categories = [
    ...new Set([...library.categories.map((c) => c.name), ...library.resources.map((r) => r.category)]),
  ];
  const themes = [...new Set(library.resources.flatMap((r) => r.themes))].sort((a, b) =>
    themeName(a).localeCompare(themeName(b)),
  );
  const search = h("input", { type: "search", id: "library-search", name: "search", autocomplete: "off" });
  search.value = filters.search;
  const form = h(
    "form",
    { class: "library-filters", role: "search", "aria-label": "Find resources" },
    h("div", { class: "field" }, h("label", { for: "library-search" }, "Search"), search),
    select("library-category", "Category", filters.category, [
      ["", "All categories"],
      ...categories.map((c): [string, string] => [c, c]),
    ]),
    select("library-theme", "Theme", filters.theme, [
      ["", "All themes"],
      ...themes.map((t): [string, string] => [t, themeName(t)]),
    ]),
  );
  const count = h("p", { id: "library-count", "aria-live": "polite" });
  const list = h("div", { class: "library-results" });
  const redraw = () => {
    const next = {
      search: search.value,
      category: (form.querySelector("#library-category") as HTMLSelectElement).value,
      theme: (form.querySelector("#library-theme") as HTMLSelectElement).value,
    };
    // A search box fires "change" as it loses focus to a click on a result: redrawing then would
    // swap the list under the pointer and lose the click.
    if (next.search === filters.search && next.category === filters.category && next.theme === filters.theme)
      return;
    Object.assign(filters, next);
    drawList(library, list, count);
  };
  form.addEventListener("input", redraw);
  form.addEventListener("change", redraw);
  form.addEventListener("submit", (event) => event.preventDefault());
  const heading = h("h1", { tabindex: "-1" }, "Resource library");
  shell.view.replaceChildren(
    h(
      "div",
      { class: "library" },
      heading,
      h(
        "p",
        {},
        "The IACP Community-Police Engagement collection and your agency's own programmes. The dashboard suggests entries from here beside weak or falling indicators.",
      ),
      isAdmin(shell)
        ? h("p", {}, h("a", { href: "#/library/new", class: "button-link" }, "Add a local programme"))
        : null,
      form,
      count,
      list,
    ),
  );
  drawList(library, list, count);
  shell.arrived(heading, "Resource library");
}

function detail(shell: Shell, library: Library, resource: LibraryResource): void {
  const category = library.categories.find((c) => c.name === resource.category);
  const heading = h("h1", { tabindex: "-1" }, resource.title);
  const admin = isAdmin(shell);
  const link = resource.url
    ? h("p", {}, h("a", { href: resource.url, rel: "noopener noreferrer", target: "_blank" }, resource.url))
    : admin
      ? h(
          "p",
          {},
          h("a", { href: resource.fromLibrary ? "#resource-url" : "#f-url" }, "No link yet — add one"),
        )
      : h("p", {}, "No link yet. An admin of your agency can add one.");
  shell.view.replaceChildren(
    h(
      "div",
      { class: "library" },
      h("p", {}, h("a", { href: "#/library" }, "← All resources")),
      heading,
      h("p", { class: "meta-line" }, `${KIND_NAMES[resource.kind] ?? resource.kind} · ${resource.category}`),
      h("h2", {}, "Summary"),
      h("p", {}, resource.summary),
      h("h2", {}, "Why it fits"),
      resource.fits.length > 0
        ? h(
            "ul",
            { class: "fits" },
            ...resource.fits.map((f) => h("li", {}, h("strong", {}, `${f.label}: `), f.reason)),
          )
        : h(
            "p",
            {},
            "The dashboard does not suggest this entry for any indicator.",
            category ? ` Its category: ${category.description}` : "",
          ),
      resource.themes.length > 0
        ? h("p", { class: "meta-line" }, `Themes: ${resource.themes.map(themeName).join(", ")}`)
        : null,
      h("h2", {}, "Source"),
      h(
        "p",
        {},
        resource.fromLibrary
          ? `IACP Community-Police Engagement collection, section "${resource.category}". The summary is ours.`
          : "Added by your agency.",
      ),
      h("h2", {}, "Link"),
      link,
      admin && resource.fromLibrary ? linkForm(shell, resource) : null,
      admin && !resource.fromLibrary ? programmeForm(shell, library, resource) : null,
      admin && !resource.fromLibrary ? removeButton(shell, resource) : null,
    ),
  );
  shell.arrived(heading, resource.title);
}

function newProgramme(shell: Shell, library: Library): void {
  const heading = h("h1", { tabindex: "-1" }, "Add a local programme");
  shell.view.replaceChildren(
    h(
      "div",
      { class: "library" },
      h("p", {}, h("a", { href: "#/library" }, "← All resources")),
      heading,
      h(
        "p",
        {},
        "Programmes your agency runs appear in the library, and beside the dashboard's cards when their category and theme fit a weak indicator.",
      ),
      programmeForm(shell, library, null),
    ),
  );
  shell.arrived(heading, "Add a local programme");
}

/**
 * The resource library screen: browse with search, category and theme filters; one entry's
 * detail (our summary, why it fits, source, link); admins add the link a library entry lacks
 * and add, edit and remove their agency's programmes. Analysts and designers read only.
 */
export async function showLibrary(shell: Shell, id?: string): Promise<void> {
  const library = await loadLibrary();
  if (!id) return browse(shell, library);
  if (id === "new" && isAdmin(shell)) return newProgramme(shell, library);
  const resource = library.resources.find((r) => r.id === id);
  if (!resource) {
    const heading = h("h1", { tabindex: "-1" }, "Not found");
    shell.view.replaceChildren(
      heading,
      h("p", {}, "That resource is not in your agency's library."),
      h("p", {}, h("a", { href: "#/library" }, "All resources")),
    );
    return shell.arrived(heading, "Not found");
  }
  detail(shell, library, resource);
}
