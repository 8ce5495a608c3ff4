import type { Namespace, Socket } from "socket.io";
import { resolveSession, type StaffContext } from "@server/accounts/accounts.service.js";
import { readCookie, SESSION_COOKIE } from "@server/accounts/auth.middleware.js";
import { domainEvents } from "@server/platform/events.js";
import type { Logger } from "@server/platform/logger.js";

/** What a live socket knows about its staff member. */
export interface SocketStaff {
  staff: StaffContext;
  /**
   * Session reads begun for this socket. A read applies only if no later one began while it
   * ran: a subscribe that read the old role must not undo a role change applied meanwhile.
   */
  reads: number;
}

/** Applies a fresh read of a socket's staff member: null once the session ended. */
export type ApplyStaff = (socket: Socket, staff: StaffContext | null) => void;

const staffOf = (socket: Socket): SocketStaff => socket.data as SocketStaff;

/** The session cookie a socket connected with (the handshake's headers never change). */
export const sessionTokenOf = (socket: Socket): string | undefined =>
  readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);

/** The staff member a socket belongs to, resolved afresh: null once signed out or deactivated. */
export async function currentStaff(socket: Socket): Promise<StaffContext | null> {
  const token = sessionTokenOf(socket);
  return token ? await resolveSession(token).catch(() => null) : null;
}

/**
 * Reads a socket's staff member afresh. `current` is false when a later read began meanwhile,
 * whose result is then the one to keep.
 */
export async function readStaff(socket: Socket): Promise<{ staff: StaffContext | null; current: boolean }> {
  const ticket = ++staffOf(socket).reads;
  const staff = await currentStaff(socket);
  return { staff, current: staffOf(socket).reads === ticket };
}

/**
 * Re-reads the session of sockets that share one (one lookup) and applies it to each. A failed
 * read throws and changes nothing: a database blip must not end every dashboard.
 */
async function recheck(sockets: Socket[], apply: ApplyStaff): Promise<void> {
  const tickets = sockets.map((socket) => ++staffOf(socket).reads);
  const token = sessionTokenOf(sockets[0]!);
  const staff = token ? await resolveSession(token) : null;
  sockets.forEach((socket, i) => {
    if (socket.connected && staffOf(socket).reads === tickets[i]) apply(socket, staff);
  });
}

async function recheckAll(sockets: Iterable<Socket>, apply: ApplyStaff): Promise<void> {
  const byToken = new Map<string, Socket[]>();
  for (const socket of sockets) {
    const token = sessionTokenOf(socket) ?? "";
    byToken.set(token, [...(byToken.get(token) ?? []), socket]);
  }
  for (const group of byToken.values()) await recheck(group, apply);
}

/**
 * Keeps every socket's staff member current, so a dashboard never shows more than its
 * person may now see: on `staff.sessions.changed` (sign-out, log out everywhere,
 * deactivation, role change; relayed from other processes through Redis) the sockets of that
 * person or session are re-read at once, and a timer re-reads all of them as a backstop (an
 * event lost while Redis was down, a session that simply expired).
 */
export function watchSessions(
  live: Namespace,
  intervalMs: number,
  logger: Logger,
  apply: ApplyStaff,
): () => void {
  let running = false;
  const checkAll = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await recheckAll(live.sockets.values(), apply);
    } catch (error) {
      logger.error({ err: error }, "live session re-check failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void checkAll(), intervalMs);
  timer.unref();

  const off = domainEvents.on("staff.sessions.changed", ({ userId, sessionId }) => {
    // After every other listener of this event has run: the session cache must have dropped
    // the person's entries before they are read again.
    setImmediate(() => {
      // Such events are rare (a sign-out, an admin's change); a scan of this process's sockets is cheap.
      const affected = [...live.sockets.values()].filter((socket) => {
        const { staff } = staffOf(socket);
        return staff.userId === userId || staff.sessionId === sessionId;
      });
      if (affected.length === 0) return;
      recheckAll(affected, apply).catch((error: unknown) => {
        logger.error({ err: error, userId }, "live session re-check after a change failed");
      });
    });
  });

  return () => {
    clearInterval(timer);
    off();
  };
}
