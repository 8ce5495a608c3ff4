import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Binary } from "mongodb";
import type { PackedCell } from "@server/analytics/cell-packs.js";
import { decodeCells, encodeCells } from "../helpers/rollup-packs.js";

const cells = new Map<string, PackedCell>([
  [
    "cell:D1|25_34|woman|-",
    { seq: 3, n: 12, a: { q1: { sum: 40, n: 12 } }, c: { q2: { "1": 5, "4": 7 } }, m: {}, x: {} },
  ],
  // A district's name is the agency's text: a tab or line break in it must not split a line.
  ["cell:North\tside\nD|-|-|-", { seq: 1, n: 2, a: {}, c: {}, m: {}, x: {} }],
  ["cell:D1|-|-|-", { seq: 2, n: 1, a: {}, c: { q2: { "3": 1 } }, m: { q9: { b: 1 } }, x: { q5: 1 } }],
]);

describe("cell packs' stored cells", () => {
  it("when cells are encoded, then they are deflated bytes far smaller than their JSON, and decode to the same cells", () => {
    const many = new Map(
      Array.from({ length: 150 }, (_, i): [string, PackedCell] => [
        `cell:D1|${i}`,
        { ...cells.get("cell:D1|-|-|-")!, n: i },
      ]),
    );
    const encoded = encodeCells(many);
    assert.ok(Buffer.isBuffer(encoded));
    assert.ok(
      encoded.length * 5 < JSON.stringify(Object.fromEntries(many)).length,
      `${encoded.length} bytes`,
    );
    assert.deepEqual(decodeCells({ cells: encoded }), many);
  });

  it("when a pack comes back from the driver as a Binary, or was stored as a JSON string before deflating, then it decodes alike", () => {
    const encoded = encodeCells(cells);
    // A Binary's buffer can run past its content: only `position` bytes are the value.
    const padded = new Binary(Buffer.concat([encoded, Buffer.alloc(64)]));
    padded.position = encoded.length;
    assert.deepEqual(decodeCells({ cells: padded }), cells);
    assert.deepEqual(decodeCells({ cells: new Binary(encoded) }), cells);
    assert.deepEqual(decodeCells({ cells: JSON.stringify(Object.fromEntries(cells)) }), cells);
  });
});
