import { Router } from "express";
import Joi from "joi";
import { requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { validate } from "@server/platform/validation.js";
import { digestSubscription, previewDigest, setDigestSubscription } from "./digests.service.js";

const subscriptionSchema = { body: Joi.object({ weekly: Joi.boolean().strict().required() }) };

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
