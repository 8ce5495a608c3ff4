import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { INDEX_KEYS } from "@shared/indices.js";
import { CATALOG, catalogKey } from "@server/resources/catalog/index.js";
import { fitsOf, INDICATOR_CATEGORIES } from "@server/resources/indicator-categories.js";

describe("the curated mapping of indices to library categories", () => {
  it("when read, then every index maps to library categories, each with a one-line reason", () => {
    const categories = new Set(CATALOG.map((c) => c.name));
    for (const key of INDEX_KEYS) {
      const rows = INDICATOR_CATEGORIES[key];
      assert.ok(rows.length >= 2, `${key} has at least two categories`);
      assert.equal(new Set(rows.map((r) => r.category)).size, rows.length, `${key} names a category once`);
      for (const row of rows) {
        assert.ok(categories.has(row.category), `${key}: ${row.category} is a library category`);
        assert.match(row.reason, /^[A-Z][^\n]{10,100}\.$/, `${key}: "${row.reason}" is one short sentence`);
        assert.ok(row.picks.length > 0);
      }
    }
  });

  it("when a pick is named, then it is a title of that very category in the library", () => {
    const keys = new Set(CATALOG.flatMap((c) => c.entries.map((e) => catalogKey(c.name, e.title))));
    for (const key of INDEX_KEYS) {
      for (const row of INDICATOR_CATEGORIES[key]) {
        for (const title of row.picks)
          assert.ok(keys.has(catalogKey(row.category, title)), `${row.category}: ${title}`);
      }
    }
  });

  it("when asked why an entry fits, then picks answer with their index and reason, the rest with nothing", () => {
    const policy = { category: "Bias-Free Policing", title: "Bias-Free Policing", themes: [] };
    assert.deepEqual(
      fitsOf(policy).map((f) => f.indicator),
      ["procedural_justice", "procedural_justice_neutrality"],
    );
    const elderAbuse = {
      category: "Cooperative Safety Solutions",
      title: "Identifying and Responding to Elder Abuse: An Officer’s Role",
      themes: ["safety"],
    };
    assert.deepEqual(
      fitsOf(elderAbuse),
      [],
      "tagged safety, but not a fit for a neighbourhood's sense of safety",
    );
    const programme = {
      key: "agency/1",
      category: "Cooperative Safety Solutions",
      title: "Night walks",
      themes: ["safety.night"],
    };
    assert.deepEqual(fitsOf(programme), [
      { indicator: "safety", reason: INDICATOR_CATEGORIES.safety[0]!.reason },
    ]);
  });
});
