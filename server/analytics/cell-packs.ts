import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Binary } from "mongodb";
import mongoose, { Schema } from "mongoose";
import type { RollupCounts, RollupDoc } from "./rollup.model.js";
import { parseUnitViewSegment } from "./unit-rollups.js";

/**
 * Every rollup is stored packed: one document per survey × period holds the counts of many
 * segments (in this module a packed rollup is a "cell", after the weighting cells that were
 * packed first), as one value the engine does not look into. Weighting cells go by district
 * (`<survey>|cells:<district>|<period>`, periods "all" and "m:<month>"), the unit views'
 * segments together (`<survey>|units|all`), every other segment by period
 * (`<survey>|segments|<period>`).
 *
 * Why packs: the embedded engine decodes a document field by field (docs/PERFORMANCE.md: 576
 * cell documents 600–850 ms, the same counts nested in one document 540–800 ms, as one string
 * 40–50 ms), a weighted read needs about a thousand cells, and a compaction wrote one document
 * per segment × period its batch touched (41 for 10 responses, 1–3 ms each however they were
 * sent) where it now writes a pack per period and district.
 *
 * That value is the cells' JSON, a line each, deflated: the engine's cost to read or write a
 * document grows with its bytes (a pack of 340 KB took 6 ms to read and 10–15 ms to write),
 * and a compaction rewrites every pack its batch touches. Splitting cells by district keeps
 * each document far below the 16 MB limit: a district holds at most (age bands + 1) ×
 * (genders + 1) × (race groups + 1) cells, a few hundred of ~2 KB before deflating.
 *
 * Each cell keeps the sequence of the compaction that last wrote it, so a compaction redone
 * after a crash adds to exactly the cells it had not written.
 */
export interface PackedCell extends RollupCounts {
  seq: number;
}

export interface CellPackDoc {
  _id: string;
  survey: string;
  agency: string;
  period: string;
  /** The district every weighting cell here starts with (`-` when unknown; `*` in other packs). */
  district: string;
  /**
   * Each cell on a line (see `encodeCellTexts`), raw-deflated: binary data, which the driver
   * returns as a Binary. Packs written before deflating hold JSON of `{ <cell key>: PackedCell }`
   * as a string, and read as well.
   */
  cells: string | Uint8Array | Binary;
}

const cellPackSchema = new Schema(
  {
    _id: { type: String, required: true },
    survey: { type: String, required: true },
    agency: { type: String, required: true },
    period: { type: String, required: true },
    district: { type: String, required: true },
    cells: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false },
);

export const CellPackModel = mongoose.model("RollupCellPack", cellPackSchema);

const CELL = "cell:";

export const isCellSegment = (segment: string): boolean => segment.startsWith(CELL);

/** `cell:D1|25_34|woman|-` → `D1`: a cell key starts with its district. */
const districtOf = (segment: string): string => segment.slice(CELL.length).split("|")[0]!;

export const cellPackId = (surveyId: string, district: string, period: string): string =>
  `${surveyId}|cells:${district}|${period}`;

/** The `district` of a pack that holds segments other than weighting cells. */
const NOT_CELLS = "*";

/**
 * The pack that holds one rollup: a weighting cell's, by district (a weighted read needs every
 * cell); a unit view's, all together (those views read them all); any other segment's, with
 * the period's other segments (a results read takes several, and a batch touches most).
 */
export const packOf = (surveyId: string, segment: string, period: string) => {
  if (isCellSegment(segment)) {
    const district = districtOf(segment);
    return { id: cellPackId(surveyId, district, period), district };
  }
  const group = parseUnitViewSegment(segment) ? "units" : "segments";
  return { id: `${surveyId}|${group}|${period}`, district: NOT_CELLS };
};

/**
 * A pack's cells as the JSON text of each, by cell key, without parsing them: a compaction
 * parses and rewrites only the few cells its batch changes.
 */
export function cellTexts({ cells }: Pick<CellPackDoc, "cells">): Map<string, string> {
  if (typeof cells === "string") {
    const parsed = JSON.parse(cells) as Record<string, PackedCell>;
    return new Map(Object.entries(parsed).map(([key, cell]) => [key, JSON.stringify(cell)]));
  }
  const text = inflateRawSync(cells instanceof Uint8Array ? cells : cells.value()).toString("utf8");
  const texts = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const tab = line.indexOf("\t");
    texts.set(JSON.parse(line.slice(0, tab)) as string, line.slice(tab + 1));
  }
  return texts;
}

/**
 * One line per cell: its key as JSON (which escapes any tab or line break a district's name
 * might hold), a tab, the cell's JSON. Deflated at level 1, the fastest, which already shrinks
 * a pack many times over.
 */
export function encodeCellTexts(texts: Map<string, string>): Buffer {
  let text = "";
  for (const [key, cell] of texts) text += `${JSON.stringify(key)}\t${cell}\n`;
  return deflateRawSync(text, { level: 1 });
}

/** One cell of a pack as the rollup document it stands for. */
export const unpackedCell = (
  pack: Pick<CellPackDoc, "survey" | "agency" | "period">,
  segment: string,
  { seq, n, a, c, m, x }: PackedCell,
): RollupDoc => ({
  _id: `${pack.survey}|${segment}|${pack.period}`,
  survey: pack.survey,
  agency: pack.agency,
  period: pack.period,
  segment,
  seq,
  n,
  a,
  c,
  m,
  x,
});

export const packedCell = (doc: RollupDoc): PackedCell => ({
  seq: doc.seq,
  n: doc.n,
  a: doc.a,
  c: doc.c,
  m: doc.m,
  x: doc.x,
});

export async function findCellPacks(ids: string[]): Promise<CellPackDoc[]> {
  const found: CellPackDoc[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    found.push(...(await CellPackModel.find({ _id: { $in: ids.slice(i, i + 500) } }).lean<CellPackDoc[]>()));
  }
  return found;
}

export async function writeCellPack(pack: CellPackDoc): Promise<void> {
  await CellPackModel.collection.replaceOne({ _id: pack._id } as never, pack, { upsert: true });
}
