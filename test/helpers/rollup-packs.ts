import {
  cellTexts,
  encodeCellTexts,
  unpackedCell,
  type CellPackDoc,
  type PackedCell,
} from "@server/analytics/cell-packs.js";
import type { RollupDoc } from "@server/analytics/rollup.model.js";

/** Every rollup a pack holds, parsed, by key (the server parses only those it needs). */
export function decodeCells(pack: Pick<CellPackDoc, "cells">): Map<string, PackedCell> {
  const cells = new Map<string, PackedCell>();
  for (const [key, text] of cellTexts(pack)) cells.set(key, JSON.parse(text) as PackedCell);
  return cells;
}

/** A pack's stored value for these rollups, as the server writes it. */
export function encodeCells(cells: Map<string, PackedCell>): Buffer {
  return encodeCellTexts(new Map([...cells].map(([key, cell]) => [key, JSON.stringify(cell)])));
}

/** Each rollup of a pack as the document it stands for. */
export function unpack(pack: CellPackDoc): RollupDoc[] {
  return [...decodeCells(pack)].map(([segment, cell]) => unpackedCell(pack, segment, cell));
}
