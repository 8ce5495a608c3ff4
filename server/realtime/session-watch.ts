import type { Namespace, Socket } from "socket.io";
import { resolveSession, type StaffContext } from "@server/accounts/accounts.service.js";
import { readCookie, SESSION_COOKIE } from "@server/accounts/auth.middleware.js";
import type { Logger } from "@server/platform/logger.js";

/** The session cookie a socket connected with (the handshake's headers never change). */
export const sessionTokenOf = (socket: Socket): string | undefined =>
  readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);

/** The staff member a socket belongs to, resolved afresh: null once signed out or deactivated. */
export async function currentStaff(socket: Socket): Promise<StaffContext | null> {
  const token = sessionTokenOf(socket);
  return token ? await resolveSession(token).catch(() => null) : null;
}

/**
 * Re-checks every connected socket's session on a timer and disconnects those whose session
 * ended (sign-out, deactivation, role change, expiry), so a dashboard left open stops
 * receiving results. Sockets sharing a session are checked with one lookup.
 */
export function watchSessions(live: Namespace, intervalMs: number, logger: Logger): () => void {
  let running = false;
  const check = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const byToken = new Map<string, Socket[]>();
      for (const socket of live.sockets.values()) {
        const token = sessionTokenOf(socket) ?? "";
        byToken.set(token, [...(byToken.get(token) ?? []), socket]);
      }
      for (const [token, sockets] of byToken) {
        const staff = token ? await resolveSession(token) : null;
        if (staff) continue;
        for (const socket of sockets) {
          socket.emit("session_ended");
          socket.disconnect(true);
        }
      }
    } catch (error) {
      logger.error({ err: error }, "live session re-check failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
