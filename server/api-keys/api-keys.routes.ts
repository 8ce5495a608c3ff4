import { Router } from "express";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { recordAudit } from "@server/audit/audit.service.js";
import { validate } from "@server/platform/validation.js";
import { presentApiKey } from "./api-keys.presenter.js";
import { apiKeyIdSchema, createApiKeySchema } from "./api-keys.schemas.js";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.service.js";
import { API_KEY_SCOPES, type ApiKeyScope } from "./scopes.js";

/** API keys for integrations, managed by the agency's admins (signed in, not with a key). */
export function apiKeysRouter(): Router {
  const router = Router();
  router.use("/api-keys", requireStaff, requireRole("admin"));

  router.get("/api-keys", validate({}), async (req, res) => {
    const keys = await listApiKeys(staffOf(req).agencyId);
    res.json({ apiKeys: keys.map(presentApiKey), scopes: API_KEY_SCOPES });
  });

  router.post("/api-keys", validate(createApiKeySchema), async (req, res) => {
    const staff = staffOf(req);
    const created = await createApiKey(staff, req.input.body as { name: string; scopes: ApiKeyScope[] });
    const target = { type: "api_key", id: created.apiKey.keyId, label: created.apiKey.name };
    await recordAudit(staff, "api_key.created", target, { scopes: created.apiKey.scopes });
    res.status(201).json({ apiKey: presentApiKey(created.apiKey), key: created.key });
  });

  router.delete("/api-keys/:id", validate(apiKeyIdSchema), async (req, res) => {
    const staff = staffOf(req);
    const { apiKey, changed } = await revokeApiKey(staff.agencyId, req.input.params["id"]!);
    if (changed)
      await recordAudit(staff, "api_key.revoked", { type: "api_key", id: apiKey.keyId, label: apiKey.name });
    res.status(204).end();
  });
  return router;
}
