import type { Server as HttpServer } from "node:http";
import { Server as SocketServer, type Socket } from "socket.io";
import { isUnitRole } from "@shared/accounts.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import type { Logger } from "@server/platform/logger.js";
import { findUnsafeKeys, joiDetails, joiOptions } from "@server/platform/validation.js";
import type { ErrorDetail } from "@server/platform/errors.js";
import type { LiveAck } from "@shared/events.js";
import { ResultsBroadcaster } from "./broadcaster.js";
import { LiveResults } from "./live-results.js";
import { MAX_SUBSCRIPTIONS, surveyPayloadSchema } from "./live.schemas.js";
import { roleRoom, surveyRoom } from "./rooms.js";
import { currentStaff, readStaff, watchSessions, type SocketStaff } from "./session-watch.js";
import { getSurvey } from "@server/surveys/surveys.service.js";

export interface LiveOptions {
  /** Coalescing window per survey room: at most one `results` per window. */
  windowMs?: number;
  /** How often open sockets' sessions are re-checked (besides at once on every change). */
  sessionCheckMs?: number;
}

export interface LiveServer {
  io: SocketServer;
  /** Clears every timer and closes socket.io (disconnecting every client). */
  close(): Promise<void>;
}

interface LiveData extends SocketStaff {
  surveys: Set<string>;
}

type Ack = (reply: LiveAck) => void;

const failure = (code: string, message: string, details?: ErrorDetail[]): LiveAck => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
});
const NOT_FOUND = failure("not_found", "The survey was not found.");
const SIGNED_OUT = failure("unauthorized", "Sign in first.");

const dataOf = (socket: Socket): LiveData => socket.data as LiveData;

/** Validates a subscribe/unsubscribe payload; the reply to send when it is invalid. */
function readSurveyId(payload: unknown): { surveyId: string } | { reply: LiveAck } {
  // As at the HTTP edge: operator, dotted and prototype keys are refused before joi (which skips `__proto__`).
  const unsafe = findUnsafeKeys(payload);
  if (unsafe.length > 0)
    return { reply: failure("validation_failed", "The request has invalid fields.", unsafe) };
  const { value, error } = surveyPayloadSchema.validate(payload, joiOptions);
  if (error)
    return { reply: failure("validation_failed", "The request has invalid fields.", joiDetails(error)) };
  return { surveyId: (value as { surveyId: string }).surveyId };
}

/**
 * socket.io namespace `/live`: staff sessions only, one room per survey (and one per survey
 * and role), a survey of another agency refused exactly like a missing one, and a catch-up
 * `results` after every successful `subscribe` so a reconnecting dashboard is current.
 */
export function attachLive(httpServer: HttpServer, logger: Logger, options: LiveOptions = {}): LiveServer {
  const io = new SocketServer(httpServer, { serveClient: false, maxHttpBufferSize: 10_000 });
  const live = io.of("/live");
  const results = new LiveResults();
  const broadcaster = new ResultsBroadcaster(live, results, logger, options.windowMs);

  /** The current body for the socket's role, sent to it alone. */
  const catchUp = async (socket: Socket, surveyId: string): Promise<void> => {
    const { staff } = dataOf(socket);
    try {
      const body = await results.get(staff.agencyId, surveyId, staff.role);
      // A role change while the body was read sends the new role's body itself.
      if (socket.connected && dataOf(socket).staff.role === staff.role) socket.emit("results", body);
    } catch (error) {
      logger.error({ err: error, surveyId }, "live catch-up failed");
    }
  };

  /**
   * A session that ended ends its socket. A new role moves the socket to that role's rooms
   * before anything else is sent, and the new role's body follows at once, so the figures of
   * the old role do not stay on the screen either.
   */
  const applyStaff = (socket: Socket, staff: StaffContext | null): void => {
    // Live results are a survey's results, which officers and supervisors do not see.
    if (!staff || isUnitRole(staff.role)) {
      socket.emit("session_ended");
      socket.disconnect(true);
      return;
    }
    const data = dataOf(socket);
    const before = data.staff.role;
    data.staff = staff;
    if (staff.role === before) return;
    for (const surveyId of data.surveys) {
      void socket.leave(roleRoom(surveyId, before));
      void socket.join(roleRoom(surveyId, staff.role));
    }
    for (const surveyId of data.surveys) void catchUp(socket, surveyId);
  };
  const stopWatch = watchSessions(live, options.sessionCheckMs ?? 60_000, logger, applyStaff);

  live.use(async (socket, next) => {
    const staff = await currentStaff(socket);
    if (!staff) return next(new Error("unauthorized"));
    if (isUnitRole(staff.role)) return next(new Error("forbidden"));
    socket.data = { staff, reads: 0, surveys: new Set<string>() } satisfies LiveData;
    next();
  });

  live.on("connection", (socket: Socket) => {
    // The handshake (with the session cookie) is built by now; the first HTTP request itself
    // is not needed again, and dropping it saves memory per socket (socket.io's own advice).
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.on("subscribe", async (payload: unknown, ack: unknown) => {
      const reply: Ack = typeof ack === "function" ? (ack as Ack) : () => undefined;
      const input = readSurveyId(payload);
      if ("reply" in input) return reply(input.reply);
      const { surveyId } = input;
      const data = dataOf(socket);
      if (!data.surveys.has(surveyId) && data.surveys.size >= MAX_SUBSCRIPTIONS) {
        return reply(
          failure("too_many_subscriptions", `A connection may watch at most ${MAX_SUBSCRIPTIONS} surveys.`),
        );
      }
      // The session may have ended since the handshake: sign-out and deactivation stop here.
      const read = await readStaff(socket);
      if (!read.staff) {
        reply(SIGNED_OUT);
        socket.disconnect(true);
        return;
      }
      // Unless a later read began meanwhile (it applies its own result).
      if (read.current) applyStaff(socket, read.staff);
      try {
        await getSurvey(data.staff.agencyId, surveyId);
      } catch {
        return reply(NOT_FOUND);
      }
      // The session may have ended while the survey was read (the socket is then gone).
      if (!socket.connected) return;
      // Nothing waits between the add and the join, so a role change moves this room too.
      data.surveys.add(surveyId);
      // Joined before the catch-up is read, so no change can fall between the two.
      await socket.join([surveyRoom(surveyId), roleRoom(surveyId, data.staff.role)]);
      reply({ ok: true });
      await catchUp(socket, surveyId);
    });

    socket.on("unsubscribe", async (payload: unknown, ack: unknown) => {
      const reply: Ack = typeof ack === "function" ? (ack as Ack) : () => undefined;
      const input = readSurveyId(payload);
      if ("reply" in input) return reply(input.reply);
      const data = dataOf(socket);
      data.surveys.delete(input.surveyId);
      await socket.leave(surveyRoom(input.surveyId));
      await socket.leave(roleRoom(input.surveyId, data.staff.role));
      reply({ ok: true });
    });
  });

  return {
    io,
    async close() {
      broadcaster.stop();
      stopWatch();
      await io.close().catch(() => undefined);
    },
  };
}
