import { MIN_BENCHMARK_PEERS } from "@shared/benchmarks.js";
import { MIN_RELIABLE_N } from "@shared/flags.js";

/** The two floors a peer figure must clear (BENCHMARK_MIN_N and BENCHMARK_MIN_PEERS). */
export interface BenchmarkSettings {
  minN: number;
  minPeers: number;
}

let current: BenchmarkSettings = { minN: MIN_RELIABLE_N, minPeers: MIN_BENCHMARK_PEERS };

/** Set once by the app from its config; the defaults hold until then. */
export function configureBenchmarks(settings: BenchmarkSettings): void {
  current = { ...settings };
}

export function benchmarkSettings(): BenchmarkSettings {
  return current;
}
