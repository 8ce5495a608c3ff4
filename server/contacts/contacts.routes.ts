import { Router } from "express";
import { requireRole, requireScope, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { recordAudit } from "@server/audit/audit.service.js";
import { validate } from "@server/platform/validation.js";
import { presentContactResults } from "./contacts.presenter.js";
import { contactsBatchSchema } from "./contacts.schemas.js";
import { receiveContacts } from "./contacts.service.js";

/** Contacts from the dispatch (CAD) or records (RMS) system: an API key with `contacts:write`, or a designer. */
export function contactsRouter(): Router {
  const router = Router();
  router.post(
    "/contacts",
    requireStaff,
    requireRole("designer"),
    requireScope("contacts:write"),
    validate(contactsBatchSchema),
    async (req, res) => {
      const body = req.input.body as { contacts: Array<Record<string, unknown>> };
      const answer = presentContactResults(await receiveContacts(staffOf(req), body.contacts));
      if (answer.invited + answer.scheduled > 0) {
        await recordAudit(
          staffOf(req),
          "contacts.received",
          { type: "agency", id: staffOf(req).agencyId },
          { received: answer.received, invited: answer.invited, scheduled: answer.scheduled },
        );
      }
      res.json(answer);
    },
  );
  return router;
}
