import { Router, type Request } from "express";
import type { Role } from "@shared/accounts.js";
import { recordAudit, type AuditAction } from "@server/audit/audit.service.js";
import type { Config } from "@server/platform/config.js";
import { validate } from "@server/platform/validation.js";
import type { User } from "./accounts.service.js";
import { presentInvitation, presentUser } from "./accounts.presenter.js";
import { setSessionCookie, signInLimiter } from "./auth-http.js";
import { requireRole, requireStaff, staffOf } from "./auth.middleware.js";
import {
  acceptInvitation,
  describeInvitation,
  inviteStaff,
  listInvitations,
  revokeInvitation,
  updateStaff,
  type StaffChanges,
} from "./staff.service.js";
import {
  acceptInvitationSchema,
  describeInvitationSchema,
  invitationIdSchema,
  inviteStaffSchema,
  updateStaffSchema,
} from "./staff.schemas.js";

/** What one staff change is called in the audit log (a change may be several). */
function auditActions(before: { role: string; active: boolean }, changes: StaffChanges): AuditAction[] {
  const actions: AuditAction[] = [];
  if (changes.role !== undefined && changes.role !== before.role) actions.push("staff.role_changed");
  if (changes.units !== undefined || changes.badge !== undefined) actions.push("staff.scope_changed");
  if (changes.active === false && before.active) actions.push("staff.deactivated");
  if (changes.active === true && !before.active) actions.push("staff.reactivated");
  return actions;
}

function auditDetails(action: AuditAction, before: User, after: User): Record<string, unknown> | null {
  if (action === "staff.role_changed") return { from: before.role, to: after.role };
  if (action === "staff.scope_changed") return { units: after.units ?? [], badge: after.badge ?? null };
  return null;
}

/** Staff management for admins (roles, deactivation, invitations) and accepting an invitation. */
export function staffRouter(config: Readonly<Config>): Router {
  const router = Router();
  const appUrl = (req: Request): string =>
    config.publicUrl ?? `${req.protocol}://${req.get("host") ?? "localhost"}`;

  router.patch(
    "/users/:id",
    requireStaff,
    requireRole("admin"),
    validate(updateStaffSchema),
    async (req, res) => {
      const staff = staffOf(req);
      const changes = req.input.body as StaffChanges;
      const { before, after } = await updateStaff(staff.agencyId, req.input.params["id"]!, changes);
      const target = { type: "user", id: String(after._id), label: after.email };
      for (const action of auditActions(before, changes)) {
        await recordAudit(staff, action, target, auditDetails(action, before, after));
      }
      res.json({ user: presentUser(after) });
    },
  );

  router.get("/staff-invitations", requireStaff, requireRole("admin"), validate({}), async (req, res) => {
    res.json({ invitations: (await listInvitations(staffOf(req).agencyId)).map(presentInvitation) });
  });

  router.post(
    "/staff-invitations",
    requireStaff,
    requireRole("admin"),
    validate(inviteStaffSchema),
    async (req, res) => {
      const staff = staffOf(req);
      const body = req.input.body as { email: string; role: Role; name?: string };
      const invitation = await inviteStaff(staff, body, { appUrl: appUrl(req), mailFrom: config.mailFrom });
      await recordAudit(
        staff,
        "staff.invited",
        { type: "invitation", id: invitation._id, label: invitation.email },
        {
          role: invitation.role,
        },
      );
      res.status(201).json({ invitation: presentInvitation(invitation) });
    },
  );

  router.delete(
    "/staff-invitations/:id",
    requireStaff,
    requireRole("admin"),
    validate(invitationIdSchema),
    async (req, res) => {
      const staff = staffOf(req);
      const revoked = await revokeInvitation(staff.agencyId, req.input.params["id"]!);
      await recordAudit(staff, "staff.invitation_revoked", {
        type: "invitation",
        id: revoked._id,
        label: revoked.email,
      });
      res.status(204).end();
    },
  );

  // The token travels in a POST body, never in a URL, so it stays out of logs.
  router.post(
    "/auth/invitation",
    signInLimiter(config),
    validate(describeInvitationSchema),
    async (req, res) => {
      res.json({ invitation: await describeInvitation((req.input.body as { token: string }).token) });
    },
  );

  router.post(
    "/auth/invitation/accept",
    signInLimiter(config),
    validate(acceptInvitationSchema),
    async (req, res) => {
      const body = req.input.body as { token: string; password: string; name?: string };
      const signed = await acceptInvitation(body.token, body, config.sessionTtlHours);
      const newcomer = {
        userId: String(signed.user._id),
        agencyId: String(signed.user.agency),
        role: signed.user.role,
        email: signed.user.email,
        sessionId: "",
        csrfToken: "",
      };
      await recordAudit(newcomer, "staff.invitation_accepted", {
        type: "user",
        id: newcomer.userId,
        label: newcomer.email,
      });
      setSessionCookie(res, config, signed);
      res.status(201).json({ user: presentUser(signed.user), csrfToken: signed.csrfToken });
    },
  );
  return router;
}
