/**
 * Runs the whole suite against one database engine: MONGODB_URI when set, otherwise one
 * embedded FerretDB started here in a temporary directory. Each test file then works in a
 * database of its own on that engine.
 *
 * Files run two at a time, each as its own node process running node:test in-process, so the
 * runner knows which file failed and when. That buys three protections against a broken run
 * hanging or failing CI for reasons outside the code under test:
 * - every test has a time limit, a file whose hooks leave handles open is ended once its
 *   tests are done, a file process that outlives its limit is killed, and the whole run has
 *   a deadline;
 * - an engine that crashes is reported with its cause and started again on the same port
 *   and data;
 * - a file that failed while the engine crashed under it, or whose process hung, is run again
 *   (at most three starts in all), and says so;
 * - a process that printed nothing and used no CPU for a minute is stuck and killed; one that
 *   printed its summary but does not exit within 15 s is killed and judged by its summary.
 * (`node --test` would add a child process per file; under Node 24 such a child was seen to
 * hang in a futex wait after its tests, and its parent waited for it forever.)
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../server/platform/config.js";
import {
  ensureEngineBinary,
  freePort,
  startEngine,
  type RunningEngine,
} from "../server/platform/embedded-engine.js";

const CONCURRENCY = 2;
const TEST_TIMEOUT_MS = 5 * 60_000;
const FILE_TIMEOUT_MS = 12 * 60_000;
/** How long a file's process may take to exit after its tests' summary. */
const EXIT_GRACE_MS = 15_000;
/** A file that has printed nothing and used no CPU over this long is stuck. */
const STALLED_START_MS = 60_000;
const RUN_DEADLINE_MS = 40 * 60_000;

/** CPU seconds (user + system) a process has used, from /proc; null where that is unknown. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
async function testFiles(filters: string[]): Promise<string[]> {
  if (filters.length > 0) return filters;
  const entries = await readdir("test", { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".test.ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const say = (message: string): boolean => process.stderr.write(`${message}\n`);
const config = loadConfig();
let engine: RunningEngine | null = null;
let tempDir: string | null = null;
let finished = false;
/** How many times the engine has crashed so far; a file compares it before and after. */
let engineCrashes = 0;
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test" };

if (config.mongodbUri) {
  env["TEST_MONGODB_URI"] = config.mongodbUri;
  say(`Tests run against MONGODB_URI.`);
} else {
  const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, say);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-test-engine-"));
  tempDir = dataDir;
  const port = await freePort();
  const start = async (directory: string): Promise<void> => {
    const started = await startEngine({ binary, dataDir: directory, port });
    engine = started;
    started.onUnexpectedExit((reason) => {
      engineCrashes++;
      say(`\n*** ${reason}`);
      if (finished) return;
      say(`*** Restarting the engine on the same port and data; files it interrupted run again.`);
      void restart(directory);
    });
  };
  // A crash can leave a database file the engine refuses to open again; every test file
  // makes its own database, so a fresh directory loses only what the re-runs rebuild anyway.
  const restart = async (directory: string): Promise<void> => {
    try {
      await start(directory);
    } catch (error) {
      say(
        `*** The engine could not restart on its data (${String(error)}); starting it on a fresh directory.`,
      );
      const fresh = path.join(dataDir, `after-crash-${engineCrashes}`);
      await mkdir(fresh, { recursive: true });
      await start(fresh).catch((again: unknown) =>
        say(`*** The engine could not be restarted: ${String(again)}`),
      );
    }
  };
  await start(dataDir);
  env["TEST_MONGODB_URI"] = `mongodb://127.0.0.1:${port}/`;
  // Test databases are left in place on this engine (see dropTestDatabase): it is ours alone.
  env["TEST_ENGINE"] = "embedded";
  env["FERRETDB_BIN"] = binary;
  say(`Tests run against the embedded engine (FerretDB, data in ${dataDir}).`);
}

interface FileRun {
  code: number;
  output: string;
  pass: number;
  fail: number;
  hung: boolean;
}

const running = new Set<ReturnType<typeof spawn>>();

function runFile(file: string): Promise<FileRun> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        `--test-timeout=${TEST_TIMEOUT_MS}`,
        "--test-force-exit",
        "--test-reporter=spec",
        file,
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    running.add(child);
    let hung = false;
    const watchdog = setTimeout(() => {
      hung = true;
      say(`*** ${file} ran past ${FILE_TIMEOUT_MS / 60_000} minutes; its process is killed.`);
      child.kill("SIGKILL");
    }, FILE_TIMEOUT_MS);
    // Under Node 24 a child has been seen to stop early (three threads in futex waits, its CPU
    // time frozen at 0.89 s, no output); such a process would otherwise wait out the 12 minutes.
    let lastCpu: number | null = null;
    const startCheck = setInterval(() => {
      const cpu = child.pid === undefined ? null : cpuSeconds(child.pid);
      if (output !== "" || cpu === null) return clearInterval(startCheck);
      if (cpu !== lastCpu) {
        lastCpu = cpu;
        return;
      }
      hung = true;
      say(`*** ${file} printed nothing and used no CPU for a minute (stuck at ${cpu.toFixed(2)} s); killed.`);
      clearInterval(startCheck);
      child.kill("SIGKILL");
    }, STALLED_START_MS);
    let output = "";
    // After the reporter's closing summary the file's verdict is known. A process that then does
    // not exit (seen under Node 24: stuck in futex waits at exit) is killed and judged by it.
    let lingered = false;
    let exitGrace: NodeJS.Timeout | undefined;
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (exitGrace || !/^ℹ duration_ms /m.test(output)) return;
      exitGrace = setTimeout(() => {
        lingered = true;
        say(`*** ${file} finished its tests but did not exit within ${EXIT_GRACE_MS / 1000} s; killed.`);
        child.kill("SIGKILL");
      }, EXIT_GRACE_MS);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("close", (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(exitGrace);
      clearInterval(startCheck);
      running.delete(child);
      const count = (label: string): number =>
        Number(new RegExp(`^ℹ ${label} (\\d+)$`, "m").exec(output)?.[1] ?? 0);
      const pass = count("pass");
      const fail = count("fail");
      const exitCode = lingered ? (fail > 0 || pass === 0 ? 1 : 0) : (code ?? (signal ? 1 : 0));
      resolve({ code: exitCode, output, pass, fail, hung });
    });
  });
}

const EXCERPT_LINES = 40;

/** The reporter's "failing tests" section of a file's output, or its last lines when there is none. */
function failureExcerpt(output: string): string {
  const lines = output.trimEnd().split("\n");
  const section = lines.findIndex((line) => /^✖ failing tests:/.test(line));
  const excerpt = (section >= 0 ? lines.slice(section + 1) : lines.slice(-EXCERPT_LINES)).filter(
    (line) => !/^\s+at .*\(?node:/.test(line),
  );
  const kept = excerpt.slice(0, EXCERPT_LINES);
  const cut = excerpt.length - kept.length;
  return kept.join("\n") + (cut > 0 ? `\n  (${cut} more lines above in the log)` : "");
}

/** Starts per file: a crash under it or a hang earns another, up to this many in all. */
const MAX_STARTS = 3;

async function runWithRetryOnCrash(file: string): Promise<FileRun> {
  for (let start = 1; ; start++) {
    const crashesBefore = engineCrashes;
    const run = await runFile(file);
    const crashed = engineCrashes !== crashesBefore;
    if (run.code === 0 || (!crashed && !run.hung) || start === MAX_STARTS) return run;
    process.stdout.write(run.output);
    say(`*** ${file} ${crashed ? "failed while the engine crashed under it" : "hung"}; running it again.`);
  }
}

const files = await testFiles(process.argv.slice(2));
const queue = [...files];
let timedOut = false;
const deadline = setTimeout(() => {
  timedOut = true;
  say(`\n*** The suite ran past ${RUN_DEADLINE_MS / 60_000} minutes and is being stopped.`);
  queue.length = 0;
  for (const child of running) child.kill("SIGKILL");
}, RUN_DEADLINE_MS);

const started = Date.now();
const failedFiles: Array<{ file: string; output: string }> = [];
let pass = 0;
let fail = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const result = await runWithRetryOnCrash(file);
      process.stdout.write(result.output);
      pass += result.pass;
      fail += result.fail;
      if (result.code !== 0) failedFiles.push({ file, output: result.output });
    }
  }),
);
clearTimeout(deadline);
finished = true;
await (engine as RunningEngine | null)?.stop();
if (tempDir) await rm(tempDir, { recursive: true, force: true });

process.stdout.write(
  `\n${files.length} files, ${pass} tests passed, ${fail} failed, in ${Math.round((Date.now() - started) / 1000)} s` +
    (engineCrashes > 0 ? `; the engine crashed ${engineCrashes} time(s)` : "") +
    "\n",
);
if (failedFiles.length > 0) {
  process.stdout.write(`Failed files:\n${failedFiles.map((f) => `  ${f.file}`).join("\n")}\n`);
  // CI keeps only the head and tail of a long log, so each failure's reason is repeated here.
  for (const failed of failedFiles)
    process.stdout.write(`\n--- ${failed.file}\n${failureExcerpt(failed.output)}\n`);
}
process.exit(failedFiles.length > 0 || files.length === 0 || timedOut ? 1 : 0);
