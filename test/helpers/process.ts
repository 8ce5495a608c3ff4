import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { alive } from "../../server/platform/data-dir-lock.js";
import { SERVER_NODE_FLAGS } from "../../scripts/build-server.js";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/** Runs a TypeScript entry point of ours as its own process (in its own process group). */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): ServerProcess & { ready: Promise<string> } {
  // A compiled bundle (`.mjs`) runs on plain node, as in production; TypeScript through tsx.
  const loader = script.endsWith(".mjs") ? [...SERVER_NODE_FLAGS] : ["--import", "tsx"];
  const child = spawn(process.execPath, [...loader, script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "/tmp", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
  });
  const handle = { child, url: "", output: () => output, exited, ready };
  void ready.then((url) => (handle.url = url)).catch(() => undefined);
  return handle;
}

/** Running (an ended process not yet reaped by its parent does not count). */
export function isAlive(pid: number): boolean {
  return alive(pid);
}

/** The pid the server logged for its embedded engine. */
export function enginePid(output: string): number {
  const line = output.split("\n").find((l) => l.includes("embedded engine started"));
  if (!line) throw new Error(`no engine line in:\n${output}`);
  return (JSON.parse(line) as { pid: number }).pid;
}

export async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
