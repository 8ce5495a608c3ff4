import express, { Router, type NextFunction, type Request, type Response } from "express";
import { requireRole, requireStaff } from "@server/accounts/auth.middleware.js";
import { invitationSettings } from "@server/invitations/settings.js";
import { AppError, forbidden, notFound } from "@server/platform/errors.js";
import { validate } from "@server/platform/validation.js";
import { escapeHtml } from "@server/surveys/html.js";
import { smsProvider } from "./provider.js";
import { validTwilioSignature } from "./signature.js";
import { shortLinkPage } from "./short-link-page.js";
import { inboundSchema, shortLinkSchema, statusCallbackSchema } from "./sms.schemas.js";
import { applyStatus, handleInbound, resolveShortCode, smsSettings } from "./sms.service.js";

const webhookBody = express.urlencoded({ extended: false, limit: "64kb", parameterLimit: 100 });

/**
 * Lets through only requests the provider signed: `X-Twilio-Signature` over the URL the
 * provider called (our public address and this path) and every posted parameter, keyed with
 * the auth token. Without a provider there is no token and no webhook.
 */
function requireProviderSignature(req: Request, _res: Response, next: NextFunction): void {
  const token = smsProvider().webhookToken;
  if (!token) throw notFound("endpoint");
  const signature = req.get("x-twilio-signature") ?? "";
  const params = Object.fromEntries(
    Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  const url = `${invitationSettings().publicUrl}${req.originalUrl}`;
  if (!validTwilioSignature(token, url, params, signature)) {
    throw forbidden("The request is not signed by the SMS provider.");
  }
  next();
}

/** TwiML: the reply the provider texts back, or an empty response for none. */
function twiml(reply: string | null): string {
  const message = reply === null ? "" : `<Message>${escapeHtml(reply)}</Message>`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${message}</Response>`;
}

/** The provider's webhooks (status callbacks, inbound texts) and the SMS settings for admins. */
export function smsRouter(): Router {
  const router = Router();
  router.post(
    "/sms/status",
    webhookBody,
    requireProviderSignature,
    validate(statusCallbackSchema),
    async (req, res) => {
      const body = req.input.body as { MessageSid: string; MessageStatus: string; ErrorCode?: number };
      await applyStatus({
        messageId: body.MessageSid,
        status: body.MessageStatus,
        errorCode: body.ErrorCode ?? null,
      });
      res.status(204).end();
    },
  );
  router.post(
    "/sms/inbound",
    webhookBody,
    requireProviderSignature,
    validate(inboundSchema),
    async (req, res) => {
      const body = req.input.body as { From: string; Body: string };
      res.type("text/xml").send(twiml(await handleInbound({ from: body.From, body: body.Body })));
    },
  );
  router.get("/sms/settings", requireStaff, requireRole("admin"), (_req, res) => {
    res.json({ sms: smsSettings() });
  });
  return router;
}

/** `/i/:code`: the short link of a text, redirecting to the survey with the invitation's token. */
export function shortLinkRouter(): Router {
  const router = Router();
  router.get("/i/:code", async (req, res) => {
    const { error } = shortLinkSchema.params.validate(req.params);
    if (error) {
      res.status(404).type("html").send(shortLinkPage("unknown"));
      return;
    }
    try {
      const { location } = await resolveShortCode(String(req.params["code"]));
      res.set("Cache-Control", "no-store").redirect(303, location);
    } catch (failure) {
      if (!(failure instanceof AppError) || (failure.status !== 404 && failure.status !== 410)) throw failure;
      res
        .status(failure.status)
        .type("html")
        .send(shortLinkPage(failure.status === 410 ? "used" : "unknown"));
    }
  });
  return router;
}
