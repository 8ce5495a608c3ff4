import {
  BENCHMARK_FILE_FORMAT,
  BENCHMARK_FILE_VERSION,
  BENCHMARK_TEMPLATES,
  type BenchmarkTemplate,
} from "@shared/benchmarks.js";
import { latestCompletePeriod } from "@shared/periods.js";
import {
  agencyExists,
  findAgencyById,
  type Agency,
  type StaffContext,
} from "@server/accounts/accounts.service.js";
import { AppError } from "@server/platform/errors.js";
import { clock } from "@server/platform/clock.js";
import { listTemplateSurveys } from "@server/surveys/surveys.service.js";
import { ImportedFigureModel } from "./benchmark.model.js";
import { agencyFigures, sharedTemplateVersion, type IndexFigures } from "./figures.js";
import { defaultPeriod } from "./peers.service.js";
import { signAsAgency, verifySigned } from "./signing.js";

export interface BenchmarkEntry {
  template: BenchmarkTemplate;
  templateVersion: string;
  indices: IndexFigures;
}

/** The open benchmark file (docs/BENCHMARKS.md). */
export interface BenchmarkFile {
  format: typeof BENCHMARK_FILE_FORMAT;
  formatVersion: typeof BENCHMARK_FILE_VERSION;
  agency: { id: string; name: string };
  period: string;
  createdAt: string;
  entries: BenchmarkEntry[];
  publicKey: string;
  signature: string;
}

/**
 * The agency's signed benchmark file for a period (by default its latest complete headline
 * period): for each shared template, the index figures the disclosure-control step releases
 * to the public, with n and 95% intervals, signed with the agency's Ed25519 key.
 */
export async function exportBenchmarkFile(staff: StaffContext, requested?: string): Promise<BenchmarkFile> {
  const agency = await findAgencyById(staff.agencyId);
  const period = requested ?? defaultPeriod(agency);
  const entries: BenchmarkEntry[] = [];
  for (const template of BENCHMARK_TEMPLATES) {
    const surveys = await listTemplateSurveys([staff.agencyId], template);
    const indices = await agencyFigures(agency, surveys, period);
    if (Object.keys(indices).length > 0)
      entries.push({ template, templateVersion: sharedTemplateVersion(template)!, indices });
  }
  // An empty file would be refused by every importer's schema check: say so here instead.
  if (entries.length === 0)
    throw new AppError(
      409,
      "no_benchmark_figures",
      `No survey of a shared template has index figures the public may see for ${period}.`,
    );
  return signAsAgency(staff.agencyId, {
    format: BENCHMARK_FILE_FORMAT,
    formatVersion: BENCHMARK_FILE_VERSION,
    agency: { id: staff.agencyId, name: agency.name },
    period,
    createdAt: clock.now().toISOString(),
    entries,
  });
}

/** A refused import: the code and the first detail name the check that failed. */
function failed(check: string, code: string, message: string): AppError {
  return new AppError(400, `benchmark_${code}`, `The benchmark file failed the ${check} check: ${message}`, [
    { path: check, message },
  ]);
}

/** Whether a period has ended in the agency's timezone (months and quarters alike). */
function isComplete(period: string, agency: Agency): boolean {
  const kind = period.includes("Q") ? "quarter" : "month";
  return period <= latestCompletePeriod(clock.now(), agency.timezone, kind).period;
}

/**
 * Imports a peer's benchmark file after its checks, in this order: schema (at the route),
 * signature (over the file as written, with the key it carries), key (the first key seen for
 * a peer agency id is trusted; another key for the same id is refused), agency (not one of
 * this installation's, which share through their setting), template version (the same index
 * items as ours), period (a complete month or quarter), duplicate (a peer's period once).
 * Imported figures count for the importing agency's benchmarks exactly like a local peer's.
 */
export async function importBenchmarkFile(staff: StaffContext, file: BenchmarkFile) {
  const { signature, ...unsigned } = file;
  if (!verifySigned(unsigned, file.publicKey, signature))
    throw failed(
      "signature",
      "signature",
      "the signature does not match the file's contents and key; the file was changed or damaged after signing",
    );
  const peerId = file.agency.id;
  const trusted = await ImportedFigureModel.findOne({ agency: staff.agencyId, peerAgencyId: peerId }).lean();
  if (trusted && trusted.publicKey !== file.publicKey)
    throw failed(
      "publicKey",
      "key",
      `agency ${peerId} was first imported with a different key; a changed key is not trusted`,
    );
  if (peerId === staff.agencyId || (await agencyExists(peerId)))
    throw failed(
      "agency",
      "agency",
      "the file is from an agency on this installation, which shares through its own setting",
    );
  for (const [i, entry] of file.entries.entries()) {
    const expected = sharedTemplateVersion(entry.template);
    if (entry.templateVersion !== expected)
      throw failed(
        `entries[${i}].templateVersion`,
        "template_version",
        `${entry.templateVersion} is not this installation's ${entry.template} template (${expected})`,
      );
  }
  const agency = await findAgencyById(staff.agencyId);
  if (!isComplete(file.period, agency))
    throw failed("period", "period", `${file.period} has not ended yet; only complete periods compare`);
  const now = clock.now();
  const docs = file.entries.map((entry) => ({
    _id: `${staff.agencyId}|${peerId}|${entry.template}|${file.period}`,
    agency: staff.agencyId,
    peerAgencyId: peerId,
    peerName: file.agency.name,
    publicKey: file.publicKey,
    template: entry.template,
    templateVersion: entry.templateVersion,
    period: file.period,
    indices: entry.indices,
    importedAt: now,
  }));
  const duplicate = await ImportedFigureModel.exists({ _id: { $in: docs.map((d) => d._id) } });
  if (duplicate)
    throw failed("duplicate", "duplicate", `${peerId}'s figures for ${file.period} were already imported`);
  try {
    await ImportedFigureModel.insertMany(docs, { ordered: true });
  } catch (error) {
    if ((error as { code?: number }).code === 11000)
      throw failed("duplicate", "duplicate", `${peerId}'s figures for ${file.period} were already imported`);
    throw error;
  }
  return {
    agency: file.agency,
    period: file.period,
    templates: file.entries.map((e) => e.template),
  };
}
