import { io } from "socket.io-client";
import type { Results } from "./data.js";

export type LiveState = "connecting" | "live" | "reconnecting" | "refused";

/**
 * Follows one survey on the `/live` namespace (the session cookie authenticates). socket.io
 * fires `connect` again after every reconnect, so subscribing there re-joins the room; the
 * server answers each subscribe with the current results as catch-up.
 */
export function followSurvey(
  surveyId: string,
  onResults: (body: Results) => void,
  onState: (state: LiveState) => void,
): () => void {
  const socket = io("/live", { withCredentials: true });
  onState("connecting");
  socket.on("connect", () => {
    socket.emit("subscribe", { surveyId }, (ack: { ok: boolean } | undefined) => {
      onState(ack?.ok ? "live" : "refused");
    });
  });
  socket.on("disconnect", () => onState("reconnecting"));
  socket.on("connect_error", () => onState("reconnecting"));
  socket.on("results", (body: Results) => {
    if (body && typeof body === "object" && body.surveyId === surveyId) onResults(body);
  });
  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}
