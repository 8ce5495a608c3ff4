import type { Namespace } from "socket.io";
import { ROLES, type Role } from "@shared/accounts.js";
import { seesExactCounts } from "@shared/suppression.js";
import { domainEvents } from "@server/platform/events.js";
import type { Logger } from "@server/platform/logger.js";
import type { LiveResults } from "./live-results.js";
import { roleRoom, surveyRoom } from "./rooms.js";

/** One coalescing window per survey room: a change inside it is sent once, at its end. */
interface Window {
  agencyId: string;
  timer: NodeJS.Timeout | null;
  pending: boolean;
}

/**
 * Pushes fresh results to a survey's room after responses are stored, at most once per
 * window (leading + trailing): the first change goes out at once, later changes inside the
 * window go out together when it ends, so the last state always arrives. A window opens when
 * a send finishes, so two sends of a room are never closer than `windowMs`.
 */
export class ResultsBroadcaster {
  private readonly windows = new Map<string, Window>();
  private readonly unsubscribe: Array<() => void>;
  private stopped = false;

  constructor(
    private readonly live: Namespace,
    private readonly results: LiveResults,
    private readonly logger: Logger,
    private readonly windowMs = 500,
  ) {
    this.unsubscribe = [
      domainEvents.on("response.stored", ({ surveyId, agencyId }) => {
        this.results.changed(surveyId);
        this.changed(surveyId, agencyId);
      }),
      // A survey edit changes the body too; it is sent with the next response.
      domainEvents.on("survey.changed", ({ surveyId }) => this.results.changed(surveyId)),
    ];
  }

  /** Records a change of a survey's results; sends now or at the end of the open window. */
  changed(surveyId: string, agencyId: string): void {
    if (this.stopped || !this.watched(surveyId)) return;
    const open = this.windows.get(surveyId);
    if (open) {
      open.agencyId = agencyId;
      open.pending = true;
      return;
    }
    const window: Window = { agencyId, timer: null, pending: false };
    this.windows.set(surveyId, window);
    void this.send(surveyId, window);
  }

  /** Stops listening and clears every window timer (server stop). */
  stop(): void {
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    for (const window of this.windows.values()) if (window.timer) clearTimeout(window.timer);
    this.windows.clear();
  }

  private watched(surveyId: string): boolean {
    return (this.live.adapter.rooms.get(surveyRoom(surveyId))?.size ?? 0) > 0;
  }

  private async send(surveyId: string, window: Window): Promise<void> {
    // Yield once so every other listener of the same event (a results cache, say) has run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      await this.broadcast(surveyId, window.agencyId);
    } catch (error) {
      // The next change tries again; a failed read must never take the server down.
      this.logger.error({ err: error, surveyId }, "live results broadcast failed");
    }
    if (this.stopped) return;
    window.timer = setTimeout(() => this.windowEnded(surveyId, window), this.windowMs);
  }

  private windowEnded(surveyId: string, window: Window): void {
    window.timer = null;
    if (window.pending && !this.stopped && this.watched(surveyId)) {
      window.pending = false;
      void this.send(surveyId, window);
      return;
    }
    this.windows.delete(surveyId);
  }

  /**
   * One results body per viewer class present in the room: analysts and admins share the
   * exact body (one room emit to both role rooms, so one encode), every other role gets its
   * own suppressed body. Each is what the results endpoint answers that role, unfiltered.
   */
  private async broadcast(surveyId: string, agencyId: string): Promise<void> {
    const present = ROLES.filter(
      (role) => (this.live.adapter.rooms.get(roleRoom(surveyId, role))?.size ?? 0) > 0,
    );
    if (present.length === 0) return;
    const exact = present.filter((role) => seesExactCounts(role));
    const groups: Role[][] = [
      ...(exact.length > 0 ? [exact] : []),
      ...present.filter((r) => !seesExactCounts(r)).map((r) => [r]),
    ];
    const bodies = await Promise.all(groups.map((roles) => this.results.get(agencyId, surveyId, roles[0]!)));
    groups.forEach((roles, i) => {
      // Local: every process pushes to its own sockets (it hears other processes' responses
      // through the event relay in server/platform/redis.ts), so none is sent twice.
      this.live.local.to(roles.map((role) => roleRoom(surveyId, role))).emit("results", bodies[i]);
    });
  }
}
