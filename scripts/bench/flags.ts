/**
 * Minimal flag parsing for the bench scripts: `--name value`, `--name=value` and bare
 * `--name` for booleans. Unknown flags are errors so a typo never runs a default benchmark.
 */
export class FlagError extends Error {}

export type Flags = ReadonlyMap<string, string | true>;

export function parseFlags(
  args: readonly string[],
  known: Readonly<Record<string, "value" | "switch">>,
): Flags {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!match) throw new FlagError(`Unexpected argument "${arg}".`);
    const name = match[1]!;
    const kind = known[name];
    if (!kind)
      throw new FlagError(
        `Unknown flag --${name}. Known: ${Object.keys(known)
          .map((k) => `--${k}`)
          .join(", ")}.`,
      );
    if (kind === "switch") {
      if (match[2] !== undefined) throw new FlagError(`--${name} takes no value.`);
      flags.set(name, true);
      continue;
    }
    const value = match[2] ?? args[++i];
    if (value === undefined || value.startsWith("--")) throw new FlagError(`--${name} needs a value.`);
    flags.set(name, value);
  }
  return flags;
}

export function numberFlag(
  flags: Flags,
  name: string,
  fallback: number,
  range: { min: number; max: number; integer?: boolean },
): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isFinite(value) || value < range.min || value > range.max) {
    throw new FlagError(`--${name} must be a number from ${range.min} to ${range.max}.`);
  }
  if (range.integer && !Number.isInteger(value)) throw new FlagError(`--${name} must be a whole number.`);
  return value;
}

export function switchFlag(flags: Flags, name: string): boolean {
  return flags.get(name) === true;
}

/**
 * `--sizes a,b,…` (stored responses per phase), or `--quick` for the cheaper pair; sorted,
 * without repeats.
 */
export function sizesFlag(flags: Flags, defaults: number[], quick: number[]): number[] {
  const raw = flags.get("sizes");
  if (raw !== undefined && switchFlag(flags, "quick"))
    throw new FlagError("Use --sizes or --quick, not both.");
  const sizes =
    typeof raw === "string" ? raw.split(",").map(Number) : switchFlag(flags, "quick") ? quick : defaults;
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 5_000_000)) {
    throw new FlagError("--sizes must be whole numbers from 100 to 5000000, separated by commas.");
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}
