/** Payloads of the domain events that cross features (and, later, processes). */
export interface DomainEvents {
  "response.stored": { surveyId: string; agencyId: string; count: number };
  "survey.changed": { surveyId: string; agencyId: string; slug: string; status: string };
  /**
   * A session ended, or a person's sessions, role or active flag changed: cached sessions must
   * go and that person's live sockets be re-read (ended, or moved to the new role's rooms).
   */
  /** An agency uploaded or removed its district boundaries: public maps must be redrawn. */
  "agency.boundaries.changed": { agencyId: string };
  "staff.sessions.changed": { userId?: string; sessionId?: string };
}

/**
 * The acknowledgement of a `/live` `subscribe` or `unsubscribe`. Errors carry the same
 * `{code, message, details?}` as an HTTP error body.
 */
export type LiveAck =
  | { ok: true }
  | {
      ok: false;
      error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
    };
