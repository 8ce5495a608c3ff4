import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/**
 * CPU time per process over a phase, so a throughput figure says where its cost went: in the
 * server, in the engine, or in the load generator (which, on a small machine, competes with
 * both for the same cores).
 */
export interface CpuUse {
  cpuSeconds: number;
  /** cpuSeconds over the phase's wall time: 100 is one core busy for the whole phase. */
  percentOfCore: number;
}

export interface CpuSplit {
  wallSeconds: number;
  /** By label; null where the process could not be read (not ours, gone, or no /proc). */
  processes: Record<string, CpuUse | null>;
}

let ticksPerSecond: number | null = null;

/** /proc counts CPU time in clock ticks; their length is the system's, asked once. */
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    } catch {
      ticksPerSecond = NaN;
    }
    // 100 is what Linux reports everywhere in practice; only a missing getconf lands here.
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/**
 * User plus system CPU seconds a process has used so far, all its threads included, from
 * /proc/<pid>/stat; null when the process cannot be read.
 */
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses, so count fields after its ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 (utime) and 15 (stime), counted from field 3 (state) at index 0.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / clockTicks() : null;
  } catch {
    return null;
  }
}

/** This process through Node's own counter, so it works without /proc. */
const ownCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Starts counting CPU time for the given processes (a null pid is reported as null) and for
 * this process under `selfLabel`; the returned function ends the count.
 */
export function startCpuSample(pids: Record<string, number | null>, selfLabel: string): () => CpuSplit {
  const started = performance.now();
  const before = Object.fromEntries(
    Object.entries(pids).map(([label, pid]) => [label, pid === null ? null : processCpuSeconds(pid)]),
  );
  const selfBefore = ownCpuSeconds();
  return () => {
    const wallSeconds = (performance.now() - started) / 1000;
    const use = (cpuSeconds: number): CpuUse => ({
      cpuSeconds,
      percentOfCore: (cpuSeconds / wallSeconds) * 100,
    });
    const processes: Record<string, CpuUse | null> = {};
    for (const [label, pid] of Object.entries(pids)) {
      const start = before[label] ?? null;
      const end = pid === null ? null : processCpuSeconds(pid);
      processes[label] = start === null || end === null ? null : use(end - start);
    }
    processes[selfLabel] = use(ownCpuSeconds() - selfBefore);
    return { wallSeconds, processes };
  };
}
