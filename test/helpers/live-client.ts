import { io as connect, type Socket } from "socket.io-client";
import type { LiveAck } from "@shared/events.js";

/** A `results` body as the live socket sends it (the REST results body of the viewer's role). */
export interface Body {
  surveyId: string;
  n: number | { suppressed: true };
  [key: string]: unknown;
}
export interface Received {
  at: number;
  body: Body;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A real socket.io client on `/live` that records every `results` it receives. */
export class LiveClient {
  readonly socket: Socket;
  readonly received: Received[] = [];

  constructor(url: string, cookie?: string) {
    this.socket = connect(`${url}/live`, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      ...(cookie ? { extraHeaders: { cookie } } : {}),
    });
    this.socket.on("results", (body: Body) => this.received.push({ at: Date.now(), body }));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once("connect", () => resolve());
      this.socket.once("connect_error", reject);
    });
  }

  emit(event: "subscribe" | "unsubscribe", payload: unknown): Promise<LiveAck> {
    return this.socket.timeout(5000).emitWithAck(event, payload) as Promise<LiveAck>;
  }

  /** Results for one survey received after index `from`. */
  for(surveyId: string, from = 0): Received[] {
    return this.received.slice(from).filter((r) => r.body.surveyId === surveyId);
  }

  async waitFor(predicate: (r: Received) => boolean, timeoutMs: number, from = 0): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.slice(from).find(predicate);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching results within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  close(): void {
    this.socket.disconnect();
  }
}
