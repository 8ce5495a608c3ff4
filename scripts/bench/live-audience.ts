import { performance } from "node:perf_hooks";
import { io as connect, type Socket } from "socket.io-client";

/**
 * The client side of the live benchmark: many socket.io dashboards in this one process, each
 * recording when it first saw each submission.
 */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Signs in as the seeded admin: the session cookie and the demo community-trust survey. */
export async function signIn(url: string, email: string, password: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`admin sign-in failed: ${login.status}`);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const list = await fetch(`${url}/api/v1/surveys`, { headers: { cookie } });
  const body = (await list.json()) as {
    surveys?: Array<{ id: string; slug: string; template: string | null; status: string }>;
  };
  const survey = body.surveys?.find((s) => s.template === "community-trust" && s.status === "open");
  if (!survey) throw new Error(`no open community-trust survey in the demo agency (${list.status})`);
  return { cookie, survey };
}

/** What every client saw: the newest n and the latency of each first sighting of a submission. */
export class Audience {
  readonly sockets: Socket[] = [];
  readonly lastN: number[] = [];
  /** submitAt[n]: when the submission that makes the count n was sent. */
  readonly submitAt = new Map<number, number>();
  latencies: number[] = [];
  /** Per submission, the latency to the first client that saw it: the server's pipeline alone. */
  firstSeen = new Map<number, number>();
  /** Receive times of client 0, to count messages per second in the room. */
  roomEvents: number[] = [];
  payloadBytes = 0;

  onResults(client: number, n: number): void {
    const now = performance.now();
    if (client === 0) this.roomEvents.push(now);
    const last = this.lastN[client] ?? -1;
    if (last >= 0 && n > last) {
      const sent = this.submitAt.get(last + 1);
      if (sent !== undefined) {
        this.latencies.push(now - sent);
        const first = this.firstSeen.get(last + 1);
        if (first === undefined || now - sent < first) this.firstSeen.set(last + 1, now - sent);
      }
    }
    if (n > last) this.lastN[client] = n;
  }

  /** Starts a phase: latencies and message counts from here on. */
  reset(): void {
    this.latencies = [];
    this.roomEvents = [];
    this.firstSeen = new Map();
  }
}

/** Connects `clients` sockets, 50 at a time, each subscribed and caught up before the next batch. */
export async function connectAll(
  url: string,
  cookie: string,
  surveyId: string,
  clients: number,
  audience: Audience,
): Promise<void> {
  const open = async (index: number): Promise<void> => {
    const socket = connect(`${url}/live`, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie },
    });
    audience.sockets[index] = socket;
    const caughtUp = new Promise<void>((resolve) => {
      socket.on("results", (body: { n: number }) => {
        if (index === 0 && audience.payloadBytes === 0) audience.payloadBytes = JSON.stringify(body).length;
        audience.onResults(index, body.n);
        resolve();
      });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const ack = (await socket.timeout(30_000).emitWithAck("subscribe", { surveyId })) as { ok: boolean };
    if (!ack.ok) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
    await caughtUp;
  };
  const parallel = 50;
  for (let start = 0; start < clients; start += parallel) {
    await Promise.all(Array.from({ length: Math.min(parallel, clients - start) }, (_, i) => open(start + i)));
  }
}
