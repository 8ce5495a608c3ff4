import type { Request, Response } from "express";
import { databaseIsUp } from "./database.js";

/**
 * Liveness and readiness, kept apart on purpose: a load balancer must stop sending traffic to
 * a process whose database is unreachable or that is shutting down (readiness), but an
 * orchestrator must not restart a process just because the database is away (liveness):
 * restarting every app process during a database outage only adds to it.
 */

/** How long one database ping answers readiness: probes from many balancers share it. */
const PING_CACHE_MS = 1000;

interface ReadinessState {
  draining: boolean;
  checkedAt: number;
  databaseUp: boolean;
  ping: Promise<boolean> | null;
}

// One process serves one server (mongoose is a process singleton), so this state is too.
const state: ReadinessState = { draining: false, checkedAt: 0, databaseUp: false, ping: null };

/** Marks the process as shutting down (or, at start, as serving again). */
export function setDraining(draining: boolean): void {
  state.draining = draining;
}

export function isDraining(): boolean {
  return state.draining;
}

async function databaseReachable(): Promise<boolean> {
  if (Date.now() - state.checkedAt < PING_CACHE_MS) return state.databaseUp;
  // Concurrent probes wait for the one ping in flight instead of each sending their own.
  state.ping ??= databaseIsUp().then((up) => {
    state.databaseUp = up;
    state.checkedAt = Date.now();
    state.ping = null;
    return up;
  });
  return state.ping;
}

export type Readiness = { ready: true } | { ready: false; reason: "draining" | "database_unreachable" };

/** Whether this process should receive traffic now, and if not, why. */
export async function readiness(): Promise<Readiness> {
  if (state.draining) return { ready: false, reason: "draining" };
  if (!(await databaseReachable())) return { ready: false, reason: "database_unreachable" };
  // Draining may have begun while the ping was out.
  if (state.draining) return { ready: false, reason: "draining" };
  return { ready: true };
}

/** `GET /healthz`: the process is alive and serving HTTP; never touches the database. */
export function livenessHandler(_req: Request, res: Response): void {
  res.setHeader("cache-control", "no-store");
  res.json({ status: "ok" });
}

/** `GET /readyz`: 200 when this process should get traffic; 503 with the reason otherwise. */
export async function readinessHandler(_req: Request, res: Response): Promise<void> {
  const result = await readiness();
  res.setHeader("cache-control", "no-store");
  if (result.ready) res.json({ status: "ok" });
  else res.status(503).json({ status: "unavailable", reason: result.reason });
}
