import type { User } from "./types.js";

/** What every view gets from the page around it. */
export interface Shell {
  user: User;
  /** Where the view draws itself. */
  view: HTMLElement;
  /** Says something to screen-reader users (and shows it) without moving focus. */
  announce(message: string): void;
  /** Sets the document title and moves focus to the view's heading, as a page load would. */
  arrived(heading: HTMLElement, title: string): void;
  /** Tells whether the view holds unsaved changes; the person is asked before leaving them. */
  setLeaveGuard(hasUnsavedChanges: (() => boolean) | null): void;
  /** Goes to another view; `message` is announced once it has arrived. */
  navigate(hash: string, message?: string): void;
}

export type Route =
  | { name: "surveys" }
  | { name: "survey"; id: string; tab: SurveyTab }
  | { name: "settings" }
  | { name: "publishing" }
  | { name: "staff" }
  | { name: "account" }
  | { name: "library"; id?: string }
  | { name: "invite"; token: string }
  | { name: "units"; unit?: string }
  | { name: "me" };

export type SurveyTab =
  | "edit"
  | "preview"
  | "share"
  | "invitations"
  | "dashboard"
  | "comments"
  | "compare"
  | "breakdowns"
  | "export";

const TABS = new Set([
  "preview",
  "share",
  "invitations",
  "dashboard",
  "comments",
  "compare",
  "breakdowns",
  "export",
]);

/** Routes live in the hash (`#/surveys/:id/share`) so the server serves one page for all of them. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  // The unit screens carry `?survey=` in the hash.
  const [first, unit] = hash.replace(/^#\/?/, "").split("?")[0]!.split("/");
  if (first === "units") return unit ? { name: "units", unit: decodeURIComponent(unit) } : { name: "units" };
  if (first === "me") return { name: "me" };
  if (parts[0] === "settings" || parts[0] === "staff" || parts[0] === "account") return { name: parts[0] };
  if (parts[0] === "publishing") return { name: "publishing" };
  if (parts[0] === "library") {
    const id = parts[1] && (parts[1] === "new" || /^[a-f0-9]{24}$/.test(parts[1])) ? parts[1] : undefined;
    return id ? { name: "library", id } : { name: "library" };
  }
  if (parts[0] === "invite" && parts[1]) return { name: "invite", token: parts[1] };
  if (parts[0] === "surveys" && parts[1] && /^[a-f0-9]{24}$/.test(parts[1])) {
    const tab = parts[2] && TABS.has(parts[2]) ? (parts[2] as SurveyTab) : "edit";
    return { name: "survey", id: parts[1], tab };
  }
  return { name: "surveys" };
}

export const surveyHref = (id: string, tab: SurveyTab = "edit"): string =>
  tab === "edit" ? `#/surveys/${id}` : `#/surveys/${id}/${tab}`;
