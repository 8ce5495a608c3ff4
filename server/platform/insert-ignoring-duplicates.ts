/** MongoDB's (and the embedded engine's) code for a write refused by a unique index. */
export const DUPLICATE_KEY = 11000;

interface InsertTarget {
  insertMany(docs: Array<Record<string, unknown>>, options: { ordered: boolean }): Promise<unknown>;
}

/** Inserts what it can; returns the indexes refused by a unique index. */
export async function insertIgnoringDuplicates(
  collection: InsertTarget,
  docs: Array<Record<string, unknown>>,
): Promise<Set<number>> {
  const lost = new Set<number>();
  if (docs.length === 0) return lost;
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors;
    if (!writeErrors || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
    for (const e of writeErrors) lost.add(e.index);
  }
  return lost;
}
