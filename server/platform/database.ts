import mongoose from "mongoose";

/**
 * Connects mongoose to MongoDB or the embedded engine. The same options serve both: nothing
 * here may branch on which engine answers.
 */
export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  mongoose.set("strictQuery", true);
  mongoose.set("autoIndex", false);
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 15_000, maxPoolSize: 20 });
  // Unique indexes carry rules (one response per submissionId), so they must exist before
  // the first request, not whenever autoIndex gets to them.
  await Promise.all(Object.values(mongoose.models).map((model) => model.createIndexes()));
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

/** True when the database answers a ping; used by the health check. */
export async function databaseIsUp(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await db.admin().ping({ timeoutMS: 2000 });
    return true;
  } catch {
    return false;
  }
}

/** Adds a database name to a MongoDB URI, keeping its options. */
export function withDatabaseName(uri: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`Not a MongoDB URI: ${uri}`);
  return `${match[1]}/${name}${match[3] ?? ""}`;
}
