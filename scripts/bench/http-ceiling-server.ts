import type { AddressInfo } from "node:net";
import express from "express";

/**
 * The ceiling for HTTP ingest on this machine: Express 5 parsing the same JSON body with the
 * same limit as the real app, answering 201 as the real submission route does, and doing
 * nothing else (no validation, no storage, no events). Run as its own process by
 * http-ceiling.ts; argv[2] is the body limit, so it cannot drift from server/app.ts.
 */
const limit = process.argv[2];
if (!limit) throw new Error("usage: http-ceiling-server <json body limit>");

const app = express();
app.use(express.json({ limit, strict: true }));
let count = 0;
app.post("/api/v1/public/surveys/:slug/responses", (_req, res) => {
  // As long as an ObjectId's hex string, so the answer is the size of the real route's { id }.
  res.status(201).json({ id: (++count).toString(16).padStart(24, "0") });
});

// Express 5 hands a listen error to this callback rather than throwing it.
const server = app.listen(0, "127.0.0.1", (error?: Error) => {
  if (error) throw error;
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
