import type { BenchmarksBody, PeerIndex } from "@shared/benchmarks.js";
import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError } from "../errors.js";
import { INDEX_NAMES, INDEX_ORDER } from "./data.js";

const one = (value: number | null): string => (value === null ? "—" : value.toFixed(1));

/** "67th": how a percentile rank is said. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

function row(key: string, peer: PeerIndex): HTMLTableRowElement {
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, INDEX_NAMES[key] ?? key),
    h("td", {}, one(peer.own)),
    h("td", {}, one(peer.median)),
    h("td", {}, `${one(peer.p25)}–${one(peer.p75)}`),
    h("td", {}, peer.percentile === null ? "—" : ordinal(peer.percentile)),
    h("td", {}, String(peer.peers)),
  );
}

/**
 * The peer panel: for each index with enough peers, this agency's released figure beside the
 * peer agencies' median and middle half, and its percentile among them; otherwise the reason
 * there is no comparison. Loaded with its own chunk, so the dashboard's first bundle stays small.
 */
export async function peerPanel(surveyId: string): Promise<HTMLElement> {
  let body: BenchmarksBody;
  try {
    body = await api<BenchmarksBody>("GET", `/surveys/${surveyId}/benchmarks`);
  } catch (error) {
    return h("p", { class: "error" }, describeError(error));
  }
  if (!body.available) return h("p", { class: "hint", id: "peers-note" }, body.reason);
  const keys = INDEX_ORDER.filter((key) => body.indices[key as keyof typeof body.indices]);
  const caption = `${body.period}: ${body.peers} peer agencies asking the same template questions`;
  return h(
    "div",
    { id: "peers" },
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption },
      h(
        "table",
        { class: "data-table" },
        h("caption", {}, caption),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["Index (0–100)", "Yours", "Peer median", "Middle half", "Your percentile", "Peers"].map((c) =>
              h("th", { scope: "col" }, c),
            ),
          ),
        ),
        h("tbody", {}, ...keys.map((key) => row(key, body.indices[key as keyof typeof body.indices]!))),
      ),
    ),
    h(
      "p",
      { class: "hint" },
      `Only figures each agency would also show the public are compared, and only where at least ${body.minPeers} other agencies have ${body.minN} or more answers. ` +
        "The middle half is the range between the peers' 25th and 75th percentiles; your percentile is the share of peers below you (ties count half).",
    ),
  );
}
