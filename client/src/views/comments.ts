import type { Cell } from "@shared/suppression.js";
import type { TermCount } from "@shared/terms.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import type { Shell } from "../shell.js";
import type { Agency } from "../types.js";
import { cellText, loadInto, query, questionPrompt, surveyScreen } from "./analysis.js";

interface Comment {
  question: string;
  text: string;
  district: string | null;
  language: string;
  date: string | null;
}

interface CommentsBody {
  suppressed: boolean;
  total: Cell<number>;
  pages?: number;
  comments: Comment[];
  terms: Record<string, { terms: TermCount[]; phrases: TermCount[] }>;
  suppression: { label: string; reason?: string };
}

const PAGE_SIZE = 20;

/**
 * Open-text answers of a survey with their frequent terms and phrases: choosing a term lists
 * the comments that use it (as the API counts them). What residents wrote is only ever set as
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
  let page = 1;
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
                onclick: () => void choose(entry.term === term ? "" : entry.term),
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
    await loadInto(listHost, "the comments", async () => {
      const reply = given ?? (await load({ term, page }));
      const heading = h(
        "h2",
        { id: "list-heading", tabindex: "-1" },
        term ? `Comments that use “${term}”` : "Comments",
      );
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
        ),
      );
      return [
        heading,
        h(
          "p",
          {},
          `${total} ${reply.total === 1 ? "comment" : "comments"}${pages > 1 ? `, page ${page} of ${pages}` : ""}.`,
        ),
        term
          ? h(
              "button",
              { type: "button", class: "secondary", onclick: () => void choose("") },
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

  async function choose(next: string): Promise<void> {
    term = next;
    page = 1;
    await drawList();
    const count = listHost.querySelector("h2 + p")?.textContent ?? "";
    shell.announce(next ? `Showing comments that use “${next}”: ${count}` : `Showing all comments: ${count}`);
  }

  const drawAll = async (): Promise<void> => {
    term = "";
    page = 1;
    // The first page and the terms come in one reply.
    let first: CommentsBody | undefined;
    await loadInto(termsHost, "the frequent terms", async () => {
      const reply = (first = await load({ page }));
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
  body.append(termsHost, listHost);
  await drawAll();
}
