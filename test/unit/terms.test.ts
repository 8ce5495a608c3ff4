import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frequentTerms, mentionsTerm, STOP_WORDS, termKey } from "@shared/terms.js";

describe("frequentTerms", () => {
  const comments = [
    "More patrols at night please, the street lights are out.",
    "Street lights are broken on my block. More patrols!",
    "The street lights near the park are out",
    "Speeding on Elm, speeding everywhere, SPEEDING",
  ];

  it("when comments share words, then each term counts once per comment, most frequent first", () => {
    const { terms } = frequentTerms(comments);
    assert.deepEqual(terms.slice(0, 3), [
      { term: "lights", count: 3 },
      { term: "street", count: 3 },
      { term: "patrols", count: 2 },
    ]);
    // "speeding" appears three times in one comment: that is one comment, below the minimum of 2.
    assert.equal(
      terms.find((t) => t.term === "speeding"),
      undefined,
    );
  });

  it("when phrases repeat, then 2–3 word phrases are counted, never starting or ending on a stop word", () => {
    const { phrases } = frequentTerms(comments);
    assert.deepEqual(phrases, [
      { term: "street lights", count: 3 },
      { term: "more patrols", count: 2 },
    ]);
  });

  it("when a two-word phrase only occurs inside one three-word phrase, then only the longer one is listed", () => {
    const { phrases } = frequentTerms(["lack of lighting downtown", "the lack of lighting is bad"]);
    assert.deepEqual(phrases, [{ term: "lack of lighting", count: 2 }]);
  });

  it("when comments are in Spanish, then Spanish stop words are dropped and accents are folded", () => {
    const { terms, phrases } = frequentTerms([
      "Más patrullas en el parque, por favor",
      "mas patrullas por la noche en el parque",
      "La policía no viene",
      "la policia tarda",
    ]);
    assert.deepEqual(
      terms.map((t) => [t.term, t.count]),
      [
        ["parque", 2],
        ["patrullas", 2],
        ["policía", 2],
      ],
    );
    assert.deepEqual(phrases, [{ term: "más patrullas", count: 2 }]);
    assert.ok(STOP_WORDS.has("por") && STOP_WORDS.has("the"));
  });

  it("when redaction placeholders are present, then they are not terms and break phrases", () => {
    const { terms } = frequentTerms(["call [phone] now", "call [phone] today"]);
    assert.deepEqual(terms, [{ term: "call", count: 2 }]);
  });

  it("when a limit and minimum are given, then they apply", () => {
    const { terms } = frequentTerms(["alpha beta", "alpha gamma"], { limit: 1, minCount: 1 });
    assert.deepEqual(terms, [{ term: "alpha", count: 2 }]);
  });
});

describe("mentionsTerm", () => {
  const comments = [
    "More patrols at night please, the street lights are out.",
    "Street lights are broken on my block. More patrols!",
    "The street. Lights near the park are out",
    "La policía llegó tarde",
  ];

  it("when a listed term or phrase filters comments, then exactly the comments it was counted in match", () => {
    const { terms, phrases } = frequentTerms(comments, { minCount: 1 });
    for (const entry of [...terms, ...phrases]) {
      const found = comments.filter((text) => mentionsTerm(text, entry.term));
      assert.equal(found.length, entry.count, entry.term);
    }
  });

  it("when a phrase is split by punctuation or a word is only a part, then it does not match", () => {
    assert.equal(mentionsTerm(comments[2]!, "street lights"), false);
    assert.equal(mentionsTerm(comments[0]!, "patrol"), false);
    assert.equal(mentionsTerm(comments[3]!, "POLICIA"), true, "case and accents fold");
    assert.equal(termKey("  Street   LIGHTS "), "street lights");
  });
});
