import { Router } from "express";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { recordAudit } from "@server/audit/audit.service.js";
import { validate } from "@server/platform/validation.js";
import { exportBenchmarkFile, importBenchmarkFile, type BenchmarkFile } from "./benchmark-file.service.js";
import { exportSchema, importSchema, surveyBenchmarksSchema } from "./benchmarks.schemas.js";
import { surveyBenchmarks } from "./peers.service.js";

/** Peer benchmarks of a survey (analyst and up) and the signed benchmark file (admins). */
export function benchmarksRouter(): Router {
  const router = Router();

  router.get(
    "/surveys/:id/benchmarks",
    requireStaff,
    requireRole("analyst"),
    validate(surveyBenchmarksSchema),
    async (req, res) => {
      const period = req.input.query["period"] as string | undefined;
      res.setHeader("Cache-Control", "no-store");
      res.json(await surveyBenchmarks(staffOf(req), req.input.params["id"]!, period));
    },
  );

  router.get(
    "/benchmarks/export",
    requireStaff,
    requireRole("admin"),
    validate(exportSchema),
    async (req, res) => {
      const staff = staffOf(req);
      const file = await exportBenchmarkFile(staff, req.input.query["period"] as string | undefined);
      await recordAudit(
        staff,
        "benchmarks.exported",
        { type: "benchmark_file", id: file.period },
        { period: file.period, templates: file.entries.map((e) => e.template) },
      );
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("Content-Disposition", `attachment; filename="benchmarks-${file.period}.json"`);
      res.json(file);
    },
  );

  router.post(
    "/benchmarks/import",
    requireStaff,
    requireRole("admin"),
    validate(importSchema, {
      code: "benchmark_schema",
      message: "The benchmark file failed the schema check (see docs/BENCHMARKS.md).",
    }),
    async (req, res) => {
      const staff = staffOf(req);
      const imported = await importBenchmarkFile(staff, req.input.body as BenchmarkFile);
      await recordAudit(
        staff,
        "benchmarks.imported",
        { type: "benchmark_file", id: imported.agency.id, label: imported.agency.name },
        { period: imported.period, templates: imported.templates },
      );
      res.status(201).json({ imported });
    },
  );

  return router;
}
