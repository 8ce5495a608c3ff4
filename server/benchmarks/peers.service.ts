import {
  BENCHMARK_TEMPLATES,
  NOT_SHARING_REASON,
  summarizePeers,
  type BenchmarksBody,
  type PeerFigure,
  type PeerIndex,
} from "@shared/benchmarks.js";
import { INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import { latestCompletePeriod } from "@shared/periods.js";
import { listSharingAgencies, type Agency, type StaffContext } from "@server/accounts/accounts.service.js";
import { surveyAndAgency } from "@server/analytics/analytics.service.js";
import { clock } from "@server/platform/clock.js";
import { listTemplateSurveys, type Survey } from "@server/surveys/surveys.service.js";
import { ImportedFigureModel } from "./benchmark.model.js";
import {
  agencyFigures,
  keepsTemplate,
  releasedFigures,
  sharedTemplateVersion,
  type IndexFigures,
} from "./figures.js";
import { benchmarkSettings } from "./settings.js";

/** The period an agency compares by default: its latest complete headline period. */
export function defaultPeriod(agency: Agency): string {
  return latestCompletePeriod(clock.now(), agency.timezone, agency.headlinePeriod ?? "month").period;
}

/**
 * Every peer's figures for a template and period: each other agency on this installation that
 * shares right now (read fresh on every call, so opting out takes effect at once; nothing
 * here is cached beyond the results cache, which never outlives a response or a setting), and
 * the peers this agency imported from other installations.
 */
async function peerFigures(agency: Agency, template: string, version: string, period: string) {
  const sharing = (await listSharingAgencies()).filter((a) => String(a._id) !== String(agency._id));
  const surveys = await listTemplateSurveys(
    sharing.map((a) => String(a._id)),
    template,
  );
  const byAgency = new Map<string, Survey[]>();
  for (const survey of surveys) {
    const id = String(survey.agency);
    byAgency.set(id, [...(byAgency.get(id) ?? []), survey]);
  }
  const [figures, imported] = await Promise.all([
    Promise.all(sharing.map((peer) => agencyFigures(peer, byAgency.get(String(peer._id)) ?? [], period))),
    ImportedFigureModel.find({ agency: agency._id, template, templateVersion: version, period }).lean(),
  ]);
  const peers = new Map(sharing.map((peer, i) => [String(peer._id), figures[i]!] as const));
  // A local agency speaks for itself through its sharing setting, never through a file.
  for (const entry of imported)
    if (!peers.has(entry.peerAgencyId)) peers.set(entry.peerAgencyId, entry.indices as IndexFigures);
  return peers;
}

const withheld = (code: string, reason: string, period: string | null): BenchmarksBody => ({
  available: false,
  code,
  reason,
  period,
  ...benchmarkSettings(),
});

/**
 * How a survey's indices compare with peer agencies for a period (by default the agency's
 * latest complete headline period): per index the peers' median and quartiles and this
 * agency's percentile, only where at least `minPeers` other agencies each have a figure on at
 * least `minN` answers. Every figure used, the agency's own included, is one the
 * disclosure-control step releases to the public; no single peer's figure is returned.
 */
export async function surveyBenchmarks(
  staff: StaffContext,
  surveyId: string,
  requested?: string,
): Promise<BenchmarksBody> {
  const { survey, agency } = await surveyAndAgency(staff.agencyId, surveyId);
  const period = requested ?? defaultPeriod(agency);
  const { minN, minPeers } = benchmarkSettings();
  if (agency.benchmarks?.share !== true) return withheld("not_sharing", NOT_SHARING_REASON, period);
  const template = survey.template ?? "";
  if (!(BENCHMARK_TEMPLATES as readonly string[]).includes(template))
    return withheld(
      "not_a_shared_template",
      "Only surveys started from the community trust or post-contact template are compared with peers.",
      period,
    );
  if (!keepsTemplate(survey))
    return withheld(
      "template_changed",
      "This survey's index questions differ from its template's, so its figures do not compare with peers'.",
      period,
    );
  const version = sharedTemplateVersion(template)!;
  const [own, peers] = await Promise.all([
    releasedFigures(survey, agency, period),
    peerFigures(agency, template, version, period),
  ]);
  const indices: Partial<Record<IndexKey, PeerIndex>> = {};
  const counted = new Set<string>();
  for (const key of INDEX_KEYS) {
    const qualifying = [...peers].filter(([, figures]) => (figures[key]?.n ?? 0) >= minN);
    if (qualifying.length < minPeers) continue;
    for (const [id] of qualifying) counted.add(id);
    const mine: PeerFigure | undefined = own[key];
    indices[key] = summarizePeers(
      qualifying.map(([, figures]) => figures[key]!.score),
      mine && mine.n >= minN ? mine.score : null,
    );
  }
  if (counted.size === 0)
    return withheld(
      "too_few_peers",
      `Fewer than ${minPeers} other agencies with at least ${minN} answers share figures for ${period}.`,
      period,
    );
  return {
    available: true,
    peers: counted.size,
    period,
    template,
    templateVersion: version,
    minN,
    minPeers,
    indices,
  };
}
