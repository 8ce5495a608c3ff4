import type { Cell } from "@shared/suppression.js";
import type { TermCount } from "@shared/terms.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import type { Shell } from "../shell.js";
import type { Agency } from "../types.js";
import { cellText, dataTable, loadInto, query, questionPrompt, surveyScreen } from "./analysis.js";

interface Comment {
  question: string;
  text: string;
  district: string | null;
  language: string;
  date: string | null;
  themes: string[];
  sentiment: "positive" | "neutral" | "negative";
}

type Sentiments = Record<"positive" | "neutral" | "negative", Cell<number>>;

interface ThemeFigure {
  theme: string;
  label: { en: string; es: string };
  count: Cell<number>;
  share: Cell<number>;
  sentiment: Sentiments;
}

interface CommentsBody {
  suppressed: boolean;
  total: Cell<number>;
  pages?: number;
  comments: Comment[];
  terms: Record<string, { terms: TermCount[]; phrases: TermCount[] }>;
  themes: Record<string, { comments: number; themes: ThemeFigure[] }>;
  suppression: { label: string; reason?: string };
}

const PAGE_SIZE = 20;

/**
 * Open-text answers of a survey with their themes (and the sentiment of each theme's comments)
 * and frequent terms and phrases: choosing a theme or a term lists the comments it counts. What residents wrote is only ever set as
 * text, never as markup; contact details arrive already redacted.
 */
export async function showComments(shell: Shell, surveyId: string): Promise<void> {
  const { survey, body, language } = await surveyScreen(shell, surveyId, "comments", "Comments");
  const questions = survey.questions.filter((q) => q.type === "text");
  if (questions.length === 0) {
    body.append(
      h("p", { class: "notice" }, "This survey has no open-text question, so there are no comments."),
    );
    return;
  }
  let question = questions[0]!.id;
  let district = "";
  let term = "";
  let theme = "";
  /** Theme labels by id, from the last reply that had them. */
  let themeLabels = new Map<string, string>();
  let page = 1;
  const themesHost = h("section", { "aria-labelledby": "themes-heading" });
  const termsHost = h("section", { "aria-labelledby": "terms-heading" });
  const listHost = h("section", { "aria-labelledby": "list-heading" });
  const load = (extra: Record<string, string | number>) =>
    api<CommentsBody>(
      "GET",
      `/surveys/${survey.id}/comments${query({ question, district, pageSize: PAGE_SIZE, ...extra })}`,
    );

  const termButtons = (heading: string, entries: TermCount[]): Node[] => {
    if (entries.length === 0) return [h("h3", {}, heading), h("p", {}, "None used often enough to list.")];
    return [
      h("h3", {}, heading),
      h(
        "ul",
        { class: "term-list" },
        ...entries.map((entry) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "secondary",
                "data-term": entry.term,
                "aria-pressed": String(entry.term === term),
                onclick: () => void choose({ term: entry.term === term ? "" : entry.term, theme: "" }),
              },
              `${entry.term} (${entry.count})`,
            ),
          ),
        ),
      ),
    ];
  };

  /** The list of the current term and page; `given` is a reply already at hand for them. */
  const drawList = async (given?: CommentsBody): Promise<void> => {
    for (const button of termsHost.querySelectorAll<HTMLButtonElement>("button[data-term]"))
      button.setAttribute("aria-pressed", String(button.dataset["term"] === term));
    for (const button of themesHost.querySelectorAll<HTMLButtonElement>("button[data-theme]"))
      button.setAttribute("aria-pressed", String(button.dataset["theme"] === theme));
    await loadInto(listHost, "the comments", async () => {
      const reply = given ?? (await load({ term, theme, page }));
      const heading = h("h2", { id: "list-heading", tabindex: "-1" }, listTitle());
      if (reply.suppressed)
        return [
          heading,
          h(
            "p",
            { class: "notice" },
            reply.suppression.reason ?? `Hidden: ${reply.suppression.label} comments.`,
          ),
        ];
      const total = cellText(reply.total, reply.suppression.label);
      const pages = reply.pages ?? 1;
      const items = reply.comments.map((c) =>
        h(
          "li",
          {},
          h("p", {}, c.text),
          h(
            "p",
            { class: "meta" },
            [c.date, c.district, c.language.toUpperCase()].filter(Boolean).join(" · "),
          ),
          h(
            "p",
            { class: "comment-themes" },
            [...c.themes.map((id) => themeLabels.get(id) ?? id), `${c.sentiment} tone`].join(" · "),
          ),
        ),
      );
      return [
        heading,
        h(
          "p",
          {},
          `${total} ${reply.total === 1 ? "comment" : "comments"}${pages > 1 ? `, page ${page} of ${pages}` : ""}.`,
        ),
        term || theme
          ? h(
              "button",
              { type: "button", class: "secondary", onclick: () => void choose({ term: "", theme: "" }) },
              "Show all comments",
            )
          : null,
        items.length > 0
          ? h("ol", { class: "comment-list", start: String((page - 1) * PAGE_SIZE + 1) }, ...items)
          : null,
        pages > 1 ? pager(pages) : null,
      ].filter((node): node is HTMLElement => node !== null);
    });
  };

  const pager = (pages: number): HTMLElement =>
    h(
      "nav",
      { class: "pager", "aria-label": "Pages of comments" },
      page > 1
        ? h(
            "button",
            { type: "button", class: "secondary", onclick: () => void turn(page - 1) },
            "Previous page",
          )
        : null,
      page < pages
        ? h("button", { type: "button", class: "secondary", onclick: () => void turn(page + 1) }, "Next page")
        : null,
    );

  const turn = async (next: number): Promise<void> => {
    page = next;
    await drawList();
    listHost.querySelector<HTMLElement>("#list-heading")?.focus();
  };

  function listTitle(): string {
    if (theme) return `Comments about ${themeLabels.get(theme) ?? theme}`;
    return term ? `Comments that use “${term}”` : "Comments";
  }

  async function choose(next: { term: string; theme: string }): Promise<void> {
    ({ term, theme } = next);
    page = 1;
    await drawList();
    const count = listHost.querySelector("h2 + p")?.textContent ?? "";
    shell.announce(
      term || theme ? `Showing ${listTitle().toLowerCase()}: ${count}` : `Showing all comments: ${count}`,
    );
  }

  /** Themes with their counts and the tone of their comments; a theme's button lists its comments. */
  const themesTable = (reply: CommentsBody): Node[] => {
    const heading = h("h2", { id: "themes-heading" }, "Themes");
    const found = reply.themes[question];
    if (!found)
      return [heading, h("p", {}, reply.suppression.reason ?? "No themes can be shown for these comments.")];
    themeLabels = new Map(found.themes.map((t) => [t.theme, t.label.en]));
    const label = reply.suppression.label;
    const rows = found.themes.map((t) => [
      typeof t.count === "number" && t.count > 0
        ? h(
            "button",
            {
              type: "button",
              class: "secondary",
              "data-theme": t.theme,
              "aria-pressed": String(t.theme === theme),
              onclick: () => void choose({ term: "", theme: t.theme === theme ? "" : t.theme }),
            },
            t.label.en,
          )
        : t.label.en,
      cellText(t.count, label),
      cellText(t.share, label, 1),
      cellText(t.sentiment.positive, label),
      cellText(t.sentiment.neutral, label),
      cellText(t.sentiment.negative, label),
    ]);
    return [
      heading,
      h(
        "p",
        { class: "hint" },
        "How many comments are about each theme (a comment may have several), and how many of those read positive, neutral or negative. Choose a theme to read its comments. docs/THEMES.md lists the words behind each theme.",
      ),
      dataTable(
        "Comments per theme",
        [
          { label: "Theme", rowHeader: true },
          { label: "Comments" },
          { label: "% of comments" },
          { label: "Positive" },
          { label: "Neutral" },
          { label: "Negative" },
        ],
        rows,
      ),
    ];
  };

  const drawAll = async (): Promise<void> => {
    term = "";
    theme = "";
    page = 1;
    // The first page, the themes and the terms come in one reply.
    let first: CommentsBody | undefined;
    await loadInto(themesHost, "the themes", async () => themesTable((first = await load({ page }))));
    await loadInto(termsHost, "the frequent terms", async () => {
      const reply = first ?? (first = await load({ page }));
      const found = reply.terms[question];
      const heading = h("h2", { id: "terms-heading" }, "Frequent terms");
      if (!found)
        return [heading, h("p", {}, reply.suppression.reason ?? "No terms can be shown for these comments.")];
      return [
        heading,
        h(
          "p",
          { class: "hint" },
          "How many comments use each word or phrase. Choose one to read those comments.",
        ),
        ...termButtons("Words", found.terms),
        ...termButtons("Phrases", found.phrases),
      ];
    });
    await drawList(first);
  };

  const choices = h("div", { class: "filters" });
  const chooser = (id: string, label: string, options: Array<[string, string]>, set: (v: string) => void) => {
    const select = h("select", { id }, ...options.map(([value, text]) => h("option", { value }, text)));
    select.addEventListener("change", () => {
      set(select.value);
      void drawAll();
    });
    return h("div", { class: "field" }, h("label", { for: id }, label), select);
  };
  if (questions.length > 1) {
    const options = questions.map((q): [string, string] => [q.id, questionPrompt(q, q.id, language)]);
    choices.append(chooser("comments-question", "Question", options, (v) => (question = v)));
  } else {
    body.append(h("p", {}, `Answers to “${questionPrompt(questions[0], question, language)}”.`));
  }
  const { agency } = await api<{ agency: Agency }>("GET", "/agency");
  const districts = agency.districts.map((d): [string, string] => [d.code, `${d.name} (${d.code})`]);
  choices.append(
    chooser("comments-district", "District", [["", "All districts"], ...districts], (v) => (district = v)),
  );
  body.append(choices);
  body.append(themesHost, termsHost, listHost);
  await drawAll();
}
