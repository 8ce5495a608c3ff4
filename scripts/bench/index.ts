import { FlagError } from "./flags.js";
import { machineHeader } from "./harness.js";

/**
 * `npm run bench -- <name> [--flags]`: one file per benchmark, loaded only when asked for, so
 * adding `dashboard`, `live` or `soak` is one more entry here and one more file.
 */
interface Bench {
  usage: string;
  run(args: readonly string[]): Promise<void>;
}

const BENCHES: Record<string, { about: string; load: () => Promise<Bench> }> = {
  ingest: {
    about: "HTTP submissions vs the raw driver's insertOne/insertMany on the same engine",
    load: () => import("./ingest.js"),
  },
  "write-path": {
    about: "engine CPU and wall time of each operation of one write batch, against raw insertOne",
    load: () => import("./write-path.js"),
  },
  live: {
    about: "submit → results latency on 1,000 socket.io dashboards, messages per room, server RSS",
    load: () => import("./live.js"),
  },
  page: {
    about: "respondent page weight and cold load on a throttled line",
    load: () => import("./page.js"),
  },
  dashboard: {
    about: "results endpoint p50/p95/p99 at 10,000 and 1,000,000 stored responses",
    load: () => import("./dashboard.js"),
  },
  soak: {
    about: "60 s of mixed traffic (submissions, results reads, 500 live dashboards): latency, errors, RSS",
    load: () => import("./soak.js"),
  },
  engine: {
    about:
      "the embedded engine by key: released FerretDB (or --baseline: some of our patches) vs ours at 15,000 and 150,000 documents",
    load: () => import("./engine.js"),
  },
  lookups: {
    about: "an intake batch's invited/opted-out check at 50,000 contact marks: by field vs by key",
    load: () => import("./lookups.js"),
  },
  fault: {
    about: "engine stopped for 5 s and one of two app processes killed under load: the tally",
    load: () => import("./fault.js"),
  },
  lighthouse: {
    about:
      "Lighthouse on the dashboard with a year of data (signed in) and on the public page: score, CLS, bytes",
    load: () => import("./lighthouse.js"),
  },
  compaction: {
    about: "folding one write batch into the rollups at 10,000 and 1,000,000 stored responses",
    load: () => import("./compaction.js"),
  },
  units: {
    about:
      "unit and officer views at 20,000 responses: the old response scan vs per-unit rollups, cold and warm",
    load: () => import("./units.js"),
  },
  crash: {
    about:
      "rounds of SIGKILL to the server, its engine or both under load: stored rows = results n after each restart",
    load: () => import("./crash.js"),
  },
};

function printUsage(): void {
  process.stderr.write(
    "usage: npm run bench -- <name> [--flags]\n" +
      Object.entries(BENCHES)
        .map(([name, { about }]) => `  ${name.padEnd(10)} ${about}\n`)
        .join(""),
  );
}

async function main(argv: readonly string[]): Promise<number> {
  process.stdout.write(`${machineHeader().join("\n")}\n`);
  const [name, ...args] = argv;
  const entry = name ? BENCHES[name] : undefined;
  if (!entry) {
    if (name) process.stderr.write(`Unknown benchmark "${name}".\n`);
    printUsage();
    return 1;
  }
  const bench = await entry.load();
  try {
    await bench.run(args);
    // A benchmark that missed its target says so with process.exitCode.
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof FlagError) {
      process.stderr.write(`${error.message}\nusage: npm run bench -- ${bench.usage}\n`);
    } else {
      process.stderr.write(
        `bench ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    return 1;
  }
}

// Explicit exit: drivers and load generators can leave handles open after a report.
process.exit(await main(process.argv.slice(2)));
