import { createHash } from "node:crypto";
import mongoose from "mongoose";

/** Count and content hash of each collection named, read straight from the test's database. */
export async function snapshot(collections: readonly string[]): Promise<Record<string, string>> {
  const db = mongoose.connection.db;
  if (!db) throw new Error("the test database is not connected");
  const out: Record<string, string> = {};
  for (const name of collections) {
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    const hash = createHash("sha256").update(JSON.stringify(docs)).digest("hex").slice(0, 16);
    out[name] = `${docs.length} documents, ${hash}`;
  }
  return out;
}
