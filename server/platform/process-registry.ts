import { hostname } from "node:os";
import mongoose, { Schema } from "mongoose";
import { alive } from "./data-dir-lock.js";
import { PROCESS_ID } from "./lease.js";

/**
 * Which app processes are alive, so that work one of them left half done (an unsettled write
 * intent) is finished by another only once its owner is surely gone.
 *
 * - On the embedded engine this process holds the data directory's lock: it is the only one,
 *   and anything another process left belongs to a dead one.
 * - On MongoDB every process beats a heartbeat document. An owner is gone when its heartbeat
 *   is older than `STALE_MS`, or at once when it ran on this host and its pid is no longer
 *   running (a restart after `kill -9` need not wait out the heartbeat).
 */
const heartbeatSchema = new Schema(
  {
    _id: { type: String, required: true },
    host: { type: String, required: true },
    pid: { type: Number, required: true },
    seenAt: { type: Date, required: true },
  },
  { versionKey: false },
);
const HeartbeatModel = mongoose.model("ProcessHeartbeat", heartbeatSchema);

const BEAT_MS = 2000;
const STALE_MS = 5 * BEAT_MS;
const HOST = hostname();

let soleProcess = false;

/** This process holds the database alone (the embedded engine's data-directory lock). */
export function markSoleProcess(sole: boolean): void {
  soleProcess = sole;
}

export const isSoleProcess = (): boolean => soleProcess;

/** Beats this process's heartbeat until stopped (not needed, and not started, when sole). */
export function startHeartbeat(onError: (error: unknown) => void): { stop(): Promise<void> } {
  if (soleProcess) return { stop: async () => undefined };
  const beat = () =>
    HeartbeatModel.collection
      .replaceOne(
        { _id: PROCESS_ID } as never,
        { host: HOST, pid: process.pid, seenAt: new Date() },
        { upsert: true },
      )
      .then(() => undefined, onError);
  void beat();
  const timer = setInterval(() => void beat(), BEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await HeartbeatModel.collection.deleteOne({ _id: PROCESS_ID } as never).catch(onError);
    },
  };
}

interface Heartbeat {
  _id: string;
  host: string;
  pid: number;
  seenAt: Date;
}

const beatGone = (beat: Heartbeat, now: number): boolean =>
  (beat.host === HOST && !alive(beat.pid)) || beat.seenAt.getTime() < now - STALE_MS;

/** Whether the process `id` is surely gone: it can no longer write anything. */
export async function processGone(id: string, now = Date.now()): Promise<boolean> {
  if (id === PROCESS_ID) return false;
  if (soleProcess) return true;
  const beat = await HeartbeatModel.findById(id).lean<Heartbeat>();
  return !beat || beatGone(beat, now);
}

/**
 * The other processes whose heartbeat says they are gone (a read of the few heartbeat
 * documents). A process that stopped cleanly removed its heartbeat and is not listed.
 */
export async function goneProcesses(now = Date.now()): Promise<string[]> {
  if (soleProcess) return [];
  const beats = await HeartbeatModel.find().lean<Heartbeat[]>();
  return beats.filter((beat) => beat._id !== PROCESS_ID && beatGone(beat, now)).map((beat) => beat._id);
}
