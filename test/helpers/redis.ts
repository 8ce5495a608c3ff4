import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { freePort } from "@server/platform/embedded-engine.js";

/** Why Redis tests cannot run here, or null when Debian's `redis-server` is on the PATH. */
export function redisMissing(): string | null {
  const probe = spawnSync("redis-server", ["--version"], { stdio: "ignore" });
  return probe.status === 0
    ? null
    : "redis-server is not installed (apt-get install redis-server; .ci/run does)";
}

export interface TestRedis {
  port: number;
  url: string;
  /** Starts (or starts again, on the same port) a redis-server with no persistence. */
  start(): Promise<void>;
  /** Kills it outright, as an outage would. */
  stop(): Promise<void>;
}

/** Resolves once something accepts TCP connections on the port. */
async function waitForPort(port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}) before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A real redis-server on a free port, owned by one test file. */
export async function testRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) return;
      const started = spawn(
        "redis-server",
        ["--save", "", "--appendonly", "no", "--port", String(port), "--bind", "127.0.0.1"],
        { stdio: "ignore" },
      );
      child = started;
      await waitForPort(port, 10_000, started);
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
    },
  };
}
