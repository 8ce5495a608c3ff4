import { isSuppressed } from "@shared/suppression.js";
import { roleAtLeast } from "@shared/accounts.js";
import { NOT_SHARING_REASON } from "@shared/benchmarks.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError } from "../errors.js";
import { textIn } from "../languages.js";
import { surveyHref, type Shell } from "../shell.js";
import { surveyNav } from "../views/survey-nav.js";
import { latestCompletePeriod } from "@shared/periods.js";
import { indicatorCards } from "./cards.js";
import { chartFigure, type ChartFigure } from "./charts.js";
import {
  HEADLINE,
  INDEX_NAMES,
  isFiltered,
  loadAgency,
  loadSurvey,
  NO_FILTERS,
  plain,
  surveyReader,
  type Comparison,
  type Filters,
  type Recommendation,
  type Results,
} from "./data.js";
import type { BoundaryFeature } from "./district-map.js";
import { filterForm, weightingNote } from "./filters.js";
import { headlineFigures } from "./headline.js";
import { followSurvey, type LiveState } from "./live.js";
import { questionCharts } from "./questions.js";
import { districtSpec, funnelSpec, trendSpec } from "./specs.js";
import "./dashboard.css";

/** Screen readers hear live changes at most this often. */
const ANNOUNCE_EVERY_MS = 5000;
let disposeCurrent: (() => void) | null = null;

const section = (id: string, title: string, ...children: Array<Node | null>) =>
  h("section", { class: "dash-section", "aria-labelledby": id }, h("h2", { id }, title), ...children);

/**
 * The results of one survey for command staff: indicator cards with the resources for weak or
 * falling spots, trends, districts, the invitation funnel and every question's answers, each
 * chart with its table. Live pushes update it in place when no filter or weighting is active;
 * otherwise they offer a refresh.
 */
export async function showDashboard(shell: Shell, surveyId: string): Promise<void> {
  disposeCurrent?.();
  shell.view.replaceChildren(h("p", { class: "hint" }, "Loading results…"));
  const read = surveyReader(surveyId);
  // The first view's figures are asked for beside the survey and the agency, not after them;
  // the first reload() finds them in flight. (Failures are reported by that reload.)
  const ignore = () => undefined;
  read.results(NO_FILTERS).catch(ignore);
  read.change(NO_FILTERS).catch(ignore);
  read.recommendations(NO_FILTERS).catch(ignore);
  read.funnel().catch(ignore);
  const [{ survey }, { agency }] = await Promise.all([loadSurvey(surveyId), loadAgency()]);
  // The peer panel's code and figures load in their own chunk, and only for an agency that
  // shares: one that does not sees no peer figures, and is told why without a request.
  const peersReady = agency.benchmarks?.share
    ? import("./peers.js").then((m) => m.peerPanel(surveyId))
    : Promise.resolve(h("p", { class: "hint", id: "peers-note" }, NOT_SHARING_REASON));
  peersReady.catch(ignore);
  // Districts with boundaries are drawn as a map (its code loads only then); without, as bars.
  const boundaries = agency.hasBoundaries
    ? api<{ boundaries: { geojson: { features: BoundaryFeature[] } } | null }>("GET", "/agency/boundaries")
        .then((body) => body.boundaries?.geojson.features ?? [])
        .catch(() => [] as BoundaryFeature[])
    : Promise.resolve([] as BoundaryFeature[]);
  const language = survey.languages[0] ?? "en";
  const title = textIn(survey.title, language) || "Untitled survey";
  const heading = h("h1", { tabindex: "-1" }, `Results: ${title}`);
  let filters: Filters = { ...NO_FILTERS };
  let interval: "week" | "month" = "month";
  let districtIndex = HEADLINE[0]!;
  let results: Results | null = null;
  let comparison: Comparison | null = null;
  let recommendations: Recommendation[] = [];
  let totalN: number | null = null;
  let pending = 0;
  const figures: ChartFigure[] = [];

  const count = h("span", { class: "count-value", id: "live-count" }, "…");
  const liveState = h("span", { class: "live-state" }, "Connecting to live updates…");
  const liveNote = h("p", { class: "visually-hidden", "aria-live": "polite", id: "live-note" });
  const pendingButton = h("button", { type: "button", class: "secondary", hidden: true }, "Refresh");
  const scope = h("p", { class: "hint", id: "scope" });
  const weighting = h("div", { class: "weighting" });
  const cards = h("div", { class: "cards" });
  const headline = h("div", {});
  const trendHost = h("div", {});
  // Drawn after the rest (one read per district): its space is kept so nothing below moves.
  const districtHost = h("div", { class: "chart-slot" });
  const funnelHost = h("div", {});
  const questionsHost = h("div", { class: "questions-grid" });
  const problem = h("p", { class: "error", role: "alert" });
  const label = () => results?.suppression?.label ?? "fewer than 10";

  let lastAnnounced = 0;
  let announceTimer: number | undefined;
  const announceLive = (message: string) => {
    window.clearTimeout(announceTimer);
    const wait = Math.max(0, lastAnnounced + ANNOUNCE_EVERY_MS - Date.now());
    announceTimer = window.setTimeout(() => {
      lastAnnounced = Date.now();
      liveNote.textContent = message;
    }, wait);
  };

  const showCount = () => {
    count.textContent =
      totalN === null ? (results && isSuppressed(results.n) ? label() : "…") : String(totalN);
  };
  const showScope = () => {
    const n = results ? (isSuppressed(results.n) ? label() : String(results.n)) : "…";
    const reason = results?.suppression?.reason;
    scope.textContent = reason
      ? reason
      : isFiltered(filters)
        ? `Showing ${n} responses that match the filters.`
        : `Showing all ${n} responses.`;
  };

  const drawCards = () => {
    if (results) cards.replaceChildren(...indicatorCards(results, comparison, recommendations));
  };

  const questions = questionCharts(questionsHost, survey, agency, language);
  const drawQuestions = (rebuild: boolean) => {
    if (results) questions.draw(results, rebuild);
  };

  const replaceFigure = (host: HTMLElement, figure: ChartFigure | null) => {
    const old = figures.find((f) => host.contains(f.element));
    if (old) {
      old.destroy();
      figures.splice(figures.indexOf(old), 1);
    }
    host.replaceChildren(...(figure ? [figure.element] : []));
    if (figure) figures.push(figure);
  };

  /**
   * The latest complete period (the agency's month or quarter) of the filtered district, from
   * the view's estimator, beside its all-time figure.
   */
  const drawHeadline = async () => {
    const span = latestCompletePeriod(new Date(), agency.timezone, agency.headlinePeriod ?? "month");
    const undated = !filters.from && !filters.to;
    const [period, overall] = await Promise.all([
      read.results({ ...filters, from: span.from, to: span.to }).catch(() => null),
      undated && results
        ? Promise.resolve(results)
        : read.results({ ...filters, from: "", to: "" }).catch(() => null),
    ]);
    headline.replaceChildren(headlineFigures(span, period, overall, label()));
  };

  const drawTrends = async () => {
    const { points, suppression } = await read.trends(interval, filters.district);
    replaceFigure(trendHost, chartFigure(trendSpec(points, interval, label())));
    // Outside the analyst role some views are not offered; the server says which are.
    if (suppression?.reason) trendHost.append(h("p", { class: "hint" }, suppression.reason));
  };
  const drawDistricts = async () => {
    const rows = await read.districts(agency, filters);
    // Drawn alongside the main results, so the suppression label comes from these bodies.
    const hidden = rows.find((r) => r.results.suppression?.label)?.results.suppression?.label ?? label();
    const shapes = await boundaries;
    if (shapes.length > 0) {
      const { districtMapFigure } = await import("./district-map.js");
      replaceFigure(districtHost, districtMapFigure(shapes, rows, districtIndex, hidden));
      return;
    }
    replaceFigure(districtHost, chartFigure(districtSpec(rows, districtIndex, hidden)));
  };
  const drawFunnel = async () => {
    const funnel = await read.funnel().catch(() => null);
    if (!funnel || funnel.created === 0) {
      replaceFigure(funnelHost, null);
      funnelHost.append(h("p", { class: "hint" }, "This survey has sent no invitations."));
      return;
    }
    replaceFigure(funnelHost, chartFigure(funnelSpec(funnel)));
  };

  /**
   * Everything as the filters say (call `read.forget()` first for figures newer than those
   * read). Resolves once all but the districts chart is drawn, so the view can appear whole;
   * that chart follows into its kept space.
   */
  const reload = async () => {
    problem.textContent = "";
    pending = 0;
    pendingButton.hidden = true;
    void drawDistricts().catch((error: unknown) => {
      problem.textContent = describeError(error);
    });
    const [r, c, recs] = await Promise.all([
      read.results(filters),
      read.change(filters).catch(() => null),
      read.recommendations(filters).catch(() => ({ recommendations: [] })),
    ]);
    results = r;
    comparison = c;
    recommendations = recs.recommendations;
    if (!isFiltered(filters)) totalN = plain(r.n);
    weighting.replaceChildren(...weightingNote(filters.weighted, r));
    showCount();
    showScope();
    drawCards();
    drawQuestions(true);
    await Promise.all([drawHeadline(), drawTrends(), drawFunnel()]);
  };

  const applyLive = (body: Results) => {
    const n = plain(body.n);
    const before = totalN;
    if (isFiltered(filters)) {
      if (n !== null && before !== null && n > before) {
        pending = n - before;
        pendingButton.textContent = `${pending} new response${pending === 1 ? "" : "s"} — refresh`;
        pendingButton.hidden = false;
        announceLive(`${pending} new responses. Refresh to include them.`);
      }
      return;
    }
    results = { ...body, suppression: body.suppression ?? results?.suppression };
    totalN = n;
    showCount();
    showScope();
    drawCards();
    drawQuestions(false);
    if (n !== null && before !== null && n !== before) announceLive(`Results updated: ${n} responses.`);
    // The catch-up sent on subscribing repeats what was just read: nothing else to fetch.
    // (A hidden total cannot tell, so it refreshes the rest on every push.)
    if (n === null || n !== before) scheduleSecondary();
  };

  // Trends and districts come from other endpoints: refreshed after a quiet moment, not per push.
  let secondaryTimer: number | undefined;
  const scheduleSecondary = () => {
    window.clearTimeout(secondaryTimer);
    secondaryTimer = window.setTimeout(() => {
      read.forget();
      void Promise.all([drawHeadline(), drawTrends(), drawDistricts()]).catch(() => undefined);
    }, 3000);
  };

  pendingButton.addEventListener("click", () => {
    read.forget();
    void reload().then(() => announceLive("Results refreshed."));
  });

  const form = filterForm(agency, async (next) => {
    filters = next;
    read.forget();
    try {
      await reload();
      shell.announce(isFiltered(filters) ? "Filters applied." : "Filters cleared.");
    } catch (error) {
      problem.textContent = describeError(error);
    }
  });

  const intervalSelect = h(
    "select",
    { id: "trend-interval" },
    h("option", { value: "month", selected: true }, "Month"),
    h("option", { value: "week" }, "Week"),
  );
  intervalSelect.addEventListener("change", () => {
    interval = intervalSelect.value === "week" ? "week" : "month";
    void drawTrends();
  });
  const districtSelect = h(
    "select",
    { id: "district-index" },
    ...Object.entries(INDEX_NAMES).map(([key, name]) =>
      h("option", { value: key, selected: key === districtIndex }, name),
    ),
  );
  districtSelect.addEventListener("change", () => {
    districtIndex = districtSelect.value;
    void drawDistricts();
  });

  const canEdit = roleAtLeast(shell.user.role, "designer");
  // Drawn before it is shown: sections that appeared empty and then filled would push the
  // ones below them down the page as each answer came in.
  await reload();
  const peers = await peersReady.catch((error: unknown) => h("p", { class: "error" }, describeError(error)));
  shell.view.replaceChildren(
    heading,
    surveyNav(survey, "dashboard", canEdit),
    h(
      "section",
      { class: "live-bar", "aria-label": "Live responses" },
      h("p", { class: "counter" }, "Responses: ", count),
      liveState,
      pendingButton,
      liveNote,
    ),
    form,
    problem,
    scope,
    weighting,
    section(
      "indicators-heading",
      "Indicators",
      h(
        "p",
        { class: "hint" },
        // Issue 12: an interval is not a probability about the truth, and the sample is opt-in.
        "The 95% interval is the range a score would likely fall in if the same kind of people were asked again. " +
          "These are people who chose to answer, not a random sample: the interval does not cover who answered.",
      ),
      headline,
      cards,
    ),
    section("peers-heading", "Compared with peer agencies", peers),
    section(
      "trends-heading",
      "Trends",
      h("div", { class: "field inline" }, h("label", { for: "trend-interval" }, "Period"), intervalSelect),
      trendHost,
    ),
    section(
      "districts-heading",
      "Districts compared",
      h(
        "div",
        { class: "field inline" },
        h("label", { for: "district-index" }, "Index in the chart"),
        districtSelect,
      ),
      districtHost,
    ),
    section("funnel-heading", "Invitations", funnelHost),
    section("questions-heading", "Answers by question", questionsHost),
    h("p", {}, h("a", { href: surveyHref(survey.id, "share") }, "Share this survey")),
  );
  shell.arrived(heading, `Results: ${title}`);

  const states: Record<LiveState, string> = {
    connecting: "Connecting to live updates…",
    live: "● Live: new responses appear here as they arrive.",
    reconnecting: "Live updates paused: reconnecting…",
    refused: "Live updates are not available for this survey.",
  };
  const stop = followSurvey(surveyId, applyLive, (state) => (liveState.textContent = states[state]));
  const ownHash = location.hash;
  const onHash = () => {
    if (location.hash !== ownHash) dispose();
  };
  const dispose = () => {
    stop();
    window.clearTimeout(secondaryTimer);
    window.clearTimeout(announceTimer);
    for (const f of figures) f.destroy();
    questions.destroy();
    window.removeEventListener("hashchange", onHash);
    if (disposeCurrent === dispose) disposeCurrent = null;
  };
  window.addEventListener("hashchange", onHash);
  disposeCurrent = dispose;
}
