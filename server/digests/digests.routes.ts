import express, { Router } from "express";
import Joi from "joi";
import { requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { sendLinkPage } from "@server/platform/link-pages.js";
import { validate } from "@server/platform/validation.js";
import { digestSubscription, previewDigest, setDigestSubscription } from "./digests.service.js";
import {
  checkDigestUnsubscribe,
  unsubscribeDigest,
  unsubscribeDonePage,
  unsubscribeFormPage,
  unsubscribeInvalidPage,
} from "./unsubscribe.js";

const subscriptionSchema = { body: Joi.object({ weekly: Joi.boolean().strict().required() }) };

const token = Joi.string()
  .max(120)
  .pattern(/^[a-f0-9]{24}\.[A-Za-z0-9_-]{1,80}$/);
const unsubscribeSchema = {
  query: Joi.object({ t: token }),
  // A mail client's one-click POST (RFC 8058) sends `List-Unsubscribe=One-Click`; the page's form sends `t`.
  body: Joi.object({ t: token, "List-Unsubscribe": Joi.string().valid("One-Click") }),
};

/** The signed-in person's own weekly digest: opt in or out, and preview it. */
export function digestsRouter(): Router {
  const router = Router();
  router.use("/digests", requireStaff);
  router.get("/digests/subscription", async (req, res) => {
    res.json(await digestSubscription(staffOf(req)));
  });
  router.put("/digests/subscription", validate(subscriptionSchema), async (req, res) => {
    res.json(await setDigestSubscription(staffOf(req), (req.input.body as { weekly: boolean }).weekly));
  });
  router.get("/digests/preview", validate({}), async (req, res) => {
    res.json(await previewDigest(staffOf(req)));
  });
  return router;
}

/**
 * The unsubscribe link of every digest, without signing in: GET shows a confirmation button,
 * POST turns the digest off, from that button or as a mail client's one-click unsubscribe.
 */
export function digestUnsubscribeRouter(): Router {
  const router = Router();
  router.get("/digest/unsubscribe", validate({ query: unsubscribeSchema.query }), async (req, res) => {
    const given = String(req.input.query["t"] ?? "");
    await sendLinkPage(
      res,
      async () => {
        await checkDigestUnsubscribe(given);
        return unsubscribeFormPage(given);
      },
      unsubscribeInvalidPage,
    );
  });
  router.post(
    "/digest/unsubscribe",
    express.urlencoded({ extended: false, limit: "4kb", parameterLimit: 5 }),
    validate(unsubscribeSchema),
    async (req, res) => {
      const body = (req.input.body ?? {}) as { t?: string };
      await sendLinkPage(
        res,
        async () => {
          await unsubscribeDigest(body.t ?? String(req.input.query["t"] ?? ""));
          return unsubscribeDonePage();
        },
        unsubscribeInvalidPage,
      );
    },
  );
  return router;
}
