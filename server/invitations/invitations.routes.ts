import express, { Router, type NextFunction, type Request, type Response } from "express";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { recordAudit } from "@server/audit/audit.service.js";
import { AppError } from "@server/platform/errors.js";
import { sendLinkPage } from "@server/platform/link-pages.js";
import { validate } from "@server/platform/validation.js";
import { rowsFromCsv, rowsFromJson } from "./contacts-input.js";
import { importContacts } from "./import.js";
import {
  CSV_BODY_LIMIT_BYTES,
  csvUploadSchema,
  optOutSchema,
  summarySchema,
  uploadSchema,
} from "./invitations.schemas.js";
import { presentImport, presentSummary } from "./invitations.presenter.js";
import { describeOptOut, invitationSummary, optOut } from "./invitations.service.js";
import { optOutDonePage, optOutFormPage, optOutInvalidPage } from "./opt-out-page.js";

const CSV_TYPES = ["text/csv", "application/csv", "text/plain"];

/** Uploads are JSON or CSV; anything else is refused before any parsing. */
function jsonOrCsv(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is(["application/json", ...CSV_TYPES])) {
    throw new AppError(415, "unsupported_media_type", "Send the contacts as application/json or text/csv.");
  }
  next();
}

/** A JSON upload's body is validated here; a CSV upload's streams to the handler unread. */
function validateUpload(req: Request, res: Response, next: NextFunction): void {
  validate(req.is(CSV_TYPES) ? csvUploadSchema : uploadSchema)(req, res, next);
}

/** The request body as it arrives, refused with 413 once it passes `limit` bytes. */
async function* limitedBody(req: Request, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) {
      throw new AppError(413, "payload_too_large", `The file is larger than ${limit / 1024 / 1024} MB.`);
    }
    yield chunk;
  }
}

/** Staff invitation API: upload contacts, read the funnel. */
export function invitationsRouter(): Router {
  const router = Router();
  router.post(
    "/surveys/:id/invitations",
    requireStaff,
    requireRole("designer"),
    jsonOrCsv,
    validateUpload,
    async (req, res) => {
      const body = req.input.body as { contacts: Array<Record<string, unknown>> } | undefined;
      const rows = body
        ? rowsFromJson(body.contacts)
        : await rowsFromCsv(limitedBody(req, CSV_BODY_LIMIT_BYTES));
      const dryRun = req.input.query["dryRun"] === true;
      const result = await importContacts(staffOf(req), req.input.params["id"]!, rows, dryRun);
      if (!dryRun)
        await recordAudit(
          staffOf(req),
          "invitations.uploaded",
          { type: "survey", id: req.input.params["id"]! },
          { created: result.created },
        );
      res.status(dryRun ? 200 : 202).json(presentImport(result));
    },
  );
  router.get(
    "/surveys/:id/invitations/summary",
    requireStaff,
    requireRole("analyst"),
    validate(summarySchema),
    async (req, res) => {
      res.json(presentSummary(await invitationSummary(staffOf(req).agencyId, req.input.params["id"]!)));
    },
  );
  return router;
}

/**
 * The opt-out link of every mail: GET shows a confirmation button, POST honours it. POST also
 * serves one-click unsubscribe (RFC 8058) from mail clients, with the code in the query.
 */
export function optOutRouter(): Router {
  const router = Router();
  router.get("/opt-out", validate({ query: optOutSchema.query }), async (req, res) => {
    const code = String(req.input.query["c"] ?? "");
    await sendLinkPage(
      res,
      async () => {
        const described = await describeOptOut(code);
        return optOutFormPage(code, described.agencyName, described.language, described.done);
      },
      optOutInvalidPage,
    );
  });
  router.post(
    "/opt-out",
    express.urlencoded({ extended: false, limit: "4kb", parameterLimit: 5 }),
    validate(optOutSchema),
    async (req, res) => {
      const body = (req.input.body ?? {}) as { c?: string };
      const code = body.c ?? String(req.input.query["c"] ?? "");
      await sendLinkPage(
        res,
        async () => {
          const done = await optOut(code);
          return optOutDonePage(done.agencyName, done.language);
        },
        optOutInvalidPage,
      );
    },
  );
  return router;
}
