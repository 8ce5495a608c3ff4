import type { CpuSplit, CpuUse } from "./cpu-time.js";
import type { Memory } from "./harness.js";
import type { LoadResult } from "./http-load.js";
import type { Settings } from "./ingest.js";
import type { RawResults } from "./raw-driver.js";
import { fixed, formatTable, verdict } from "./table.js";

/** The ingest benchmark's targets, as ratios to what the same machine and engine can do. */
const TARGETS = { vsSingle: 1.0, vsMany: 0.5, vsCeiling: 0.5, halfRateP99Ms: 50 } as const;

export interface Figures {
  engine: string;
  /** The child inherits our environment, so this is the batching it runs with. */
  groupCommit: string;
  peak: LoadResult;
  half: LoadResult & { targetRate: number };
  ceiling: LoadResult;
  /** Keys: server (ours, or the ceiling's in the ceiling phase), engine, loadGenerator, idleAppServer. */
  cpu: { peak: CpuSplit; ceiling: CpuSplit };
  raw: RawResults;
  stored: number;
  acknowledged: number;
  memory: Memory | null;
}

/** Small ratios keep three decimals so "0.00×" never hides how far off a figure is. */
const ratio = (value: number): string => fixed(value, value < 0.1 ? 3 : 2);

/** CPU seconds and share of one core, or a dash where the process could not be read. */
function cpuCells(use: CpuUse | null | undefined): string[] {
  if (!use) return ["–", "–"];
  return [fixed(use.cpuSeconds, 2), fixed(use.percentOfCore)];
}

function cpuTable(f: Figures): string {
  const row = (label: string, split: CpuSplit): string[] => [
    label,
    fixed(split.wallSeconds, 1),
    ...cpuCells(split.processes["server"]),
    ...cpuCells(split.processes["engine"]),
    ...cpuCells(split.processes["loadGenerator"]),
  ];
  return formatTable(
    ["CPU during", "wall s", "server s", "server %", "engine s", "engine %", "load gen s", "load gen %"],
    [row("HTTP submit, peak", f.cpu.peak), row("HTTP ceiling (server: the bare one)", f.cpu.ceiling)],
  );
}

/** Prints the table, the targets with PASS/FAIL and, with --json, one line of JSON. */
export function report(options: Settings, f: Figures): void {
  const { peak, half, raw, ceiling } = f;
  const vsSingle = peak.okPerSecond / raw.single.docsPerSecond;
  const vsMany = peak.okPerSecond / raw.many.docsPerSecond;
  const vsCeiling = peak.okPerSecond / ceiling.okPerSecond;
  const [idleS, idlePercent] = cpuCells(f.cpu.ceiling.processes["idleAppServer"]);
  const http = (label: string, r: LoadResult): string[] => [
    label,
    String(r.ok),
    fixed(r.seconds, 1),
    fixed(r.okPerSecond, 1),
    fixed(r.p50Ms),
    fixed(r.p99Ms),
    String(r.non2xx + r.errors),
  ];
  const rawRow = (label: string, r: RawResults["single"]): string[] => [
    label,
    String(r.docs),
    fixed(r.seconds, 1),
    fixed(r.docsPerSecond, 1),
    "",
    "",
    "",
  ];
  const out = [
    "",
    `Ingest — ${options.connections} connections, ${options.durationS} s per phase`,
    `engine: ${f.engine}`,
    `server group commit: ${f.groupCommit}`,
    `raw collection indexes (copied from the real one): ${raw.indexes.join(", ")}`,
    "",
    formatTable(
      ["phase", "count", "s", "per s", "p50 ms", "p99 ms", "non-2xx/errors"],
      [
        http("HTTP submit, peak", peak),
        http(`HTTP submit, half rate (${half.targetRate}/s)`, half),
        http("HTTP ceiling: bare Express, parse and 201", ceiling),
        rawRow("raw insertOne, sequential", raw.single),
        rawRow(`raw insertMany ×${options.batchSize}`, raw.many),
      ],
    ),
    "",
    `statuses: peak ${JSON.stringify(peak.statusCounts)}, half ${JSON.stringify(half.statusCounts)}; ` +
      `stored ${f.stored} responses for ${f.acknowledged} acknowledged with 201 (warm-up included)`,
    "",
    cpuTable(f),
    `(% of one core over the phase's wall time; our server, idle during the ceiling phase, used ${idleS} s, ${idlePercent} %)`,
    "",
    `ours / raw insertOne   ${ratio(vsSingle)}×   target ≥ ${TARGETS.vsSingle.toFixed(1)}   ${verdict(vsSingle >= TARGETS.vsSingle)}`,
    `ours / raw insertMany  ${ratio(vsMany)}×   target ≥ ${TARGETS.vsMany.toFixed(1)}   ${verdict(vsMany >= TARGETS.vsMany)}`,
    `ours / HTTP ceiling    ${ratio(vsCeiling)}×   target ≥ ${TARGETS.vsCeiling.toFixed(1)}   ${verdict(vsCeiling >= TARGETS.vsCeiling)}`,
    `p99 at half rate       ${fixed(half.p99Ms)} ms   target < ${TARGETS.halfRateP99Ms} ms   ${verdict(half.p99Ms < TARGETS.halfRateP99Ms)}`,
    f.memory
      ? `server RSS at end: ${fixed(f.memory.rssMb)} MB (peak ${fixed(f.memory.peakRssMb)} MB)`
      : "server RSS: not available (no /proc)",
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  if (options.json) {
    const summary = {
      bench: "ingest",
      date: new Date().toISOString(),
      node: process.version,
      connections: options.connections,
      durationS: options.durationS,
      groupCommit: f.groupCommit,
      peak,
      half,
      ceiling,
      cpu: f.cpu,
      raw,
      stored: f.stored,
      acknowledged: f.acknowledged,
      ratios: { vsSingle, vsMany, vsCeiling },
      pass: {
        vsSingle: vsSingle >= TARGETS.vsSingle,
        vsMany: vsMany >= TARGETS.vsMany,
        vsCeiling: vsCeiling >= TARGETS.vsCeiling,
        halfRateP99: half.p99Ms < TARGETS.halfRateP99Ms,
      },
      serverMemoryMb: f.memory,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}
