/**
 * How hard the fuzz suite pushes, shared by `npm test` and `npm run fuzz`: CI runs a fixed
 * seed and few runs (the whole file stays under about a minute on two cores); the large run
 * multiplies the runs and takes its seed from `scripts/fuzz.ts`, which prints it for replay.
 */
export const CI_SEED = 20261125;
/** Runs per endpoint in CI; `FUZZ_RUNS_FACTOR` multiplies it. */
export const CI_RUNS_PER_ENDPOINT = 20;

export interface FuzzSettings {
  seed: number;
  runsPerEndpoint: number;
  /** Only endpoints whose "METHOD /path" contains this (to replay one failure quickly). */
  only: string;
  /** Log every request and its status (FUZZ_VERBOSE=1). */
  verbose: boolean;
}

function positiveInteger(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number, not "${raw}"`);
  return value;
}

export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const factor = positiveInteger(env["FUZZ_RUNS_FACTOR"], 1, "FUZZ_RUNS_FACTOR") || 1;
  return {
    seed: positiveInteger(env["FUZZ_SEED"], CI_SEED, "FUZZ_SEED"),
    runsPerEndpoint: CI_RUNS_PER_ENDPOINT * factor,
    only: env["FUZZ_ONLY"] ?? "",
    verbose: env["FUZZ_VERBOSE"] === "1",
  };
}
