import type { Server as HttpServer } from "node:http";
import Joi from "joi";
import { Server as SocketServer, type Socket } from "socket.io";
import { resolveSession, type StaffContext } from "@server/accounts/accounts.service.js";
import { readCookie, SESSION_COOKIE } from "@server/accounts/auth.middleware.js";
import { getSurvey } from "@server/surveys/surveys.service.js";
import { objectId } from "@server/platform/validation.js";

const subscribeSchema = Joi.object({ surveyId: objectId.required() });

type Ack = (reply: { ok: true } | { ok: false; error: { code: string; message: string } }) => void;

/**
 * socket.io namespace `/live`: staff sessions only, one room per survey, and a survey of
 * another agency is refused exactly like a missing one.
 */
export function attachLive(httpServer: HttpServer): SocketServer {
  const io = new SocketServer(httpServer, { serveClient: false, maxHttpBufferSize: 10_000 });
  const live = io.of("/live");
  live.use(async (socket, next) => {
    const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    const staff = token ? await resolveSession(token).catch(() => null) : null;
    if (!staff) return next(new Error("unauthorized"));
    (socket.data as { staff: StaffContext }).staff = staff;
    next();
  });
  live.on("connection", (socket: Socket) => {
    socket.on("subscribe", async (payload: unknown, ack: unknown) => {
      const reply: Ack = typeof ack === "function" ? (ack as Ack) : () => undefined;
      const { value, error } = subscribeSchema.validate(payload);
      if (error) return reply({ ok: false, error: { code: "validation_failed", message: error.message } });
      const staff = (socket.data as { staff: StaffContext }).staff;
      try {
        await getSurvey(staff.agencyId, value.surveyId);
      } catch {
        return reply({ ok: false, error: { code: "not_found", message: "The survey was not found." } });
      }
      await socket.join(`survey:${value.surveyId}`);
      reply({ ok: true });
    });
  });
  return io;
}
