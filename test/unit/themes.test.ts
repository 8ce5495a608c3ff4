import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { THEME_IDS, THEMES, commentThemes } from "@shared/themes.js";
import { foldedSegments } from "@shared/terms.js";
import { commentSentiment } from "@server/analytics/sentiment.js";
import {
  evaluateThemes,
  heldOutComments,
  labelledComments,
  type LabelledComment,
} from "../helpers/theme-quality.js";

describe("comment themes", () => {
  it("when a comment carries accents or capitals, then it matches the folded lexicon", () => {
    assert.deepEqual(commentThemes("FALTA ILUMINACIÓN en el callejón"), ["lighting"]);
    assert.deepEqual(commentThemes("Nunca veo PATRULLAS"), ["patrol_presence"]);
  });

  it("when a word only contains an entry, then the theme does not apply (word boundaries)", () => {
    // "traffic" is an exact entry: trafficking is another subject.
    assert.deepEqual(commentThemes("Human trafficking is a problem downtown"), []);
    // "dark" is exact: a place name holding it is not a complaint about lighting.
    assert.deepEqual(commentThemes("Meet me at Darkwood mall"), []);
  });

  it("when an entry ends in *, then it matches words starting with it and only those", () => {
    assert.deepEqual(commentThemes("Se tardaron mucho"), ["response_time"]);
    // "tarda*" would be wrong on "tardes" (afternoons), so it must not match.
    assert.deepEqual(commentThemes("Por las tardes"), []);
  });

  it("when a phrase is split by punctuation, then the phrase does not match across it", () => {
    assert.ok(commentThemes("They will call back soon").includes("communication"));
    assert.ok(!commentThemes("I will call. Back then it was fine").includes("communication"));
  });

  it("when the lexicon is read, then every theme has English and Spanish entries and both labels", () => {
    assert.deepEqual(
      THEMES.map((t) => t.id),
      [...THEME_IDS],
    );
    for (const theme of THEMES) {
      assert.ok(theme.entries.en.length >= 5 && theme.entries.es.length >= 5, theme.id);
      assert.ok(theme.label.en && theme.label.es, theme.id);
    }
  });

  it("when a phrase entry is tokenised, then it keeps at least two words", () => {
    // Digits and one-letter words are not words: "a tiempo" would read as "tiempo" and match
    // "todo el tiempo", "a pie" as "pie".
    for (const theme of THEMES)
      for (const entry of [...theme.entries.en, ...theme.entries.es]) {
        if (!entry.includes(" ")) continue;
        const words = entry.split(/\s+/).filter((w) => w === "*" || foldedSegments(w).flat().length > 0);
        assert.ok(words.length >= 2, `${theme.id}: "${entry}" reads as one word`);
      }
  });

  it("when a comment uses everyday words for a theme, then the broadened lexicon finds it", () => {
    assert.deepEqual(commentThemes("They never showed up"), ["response_time"]);
    assert.deepEqual(commentThemes("The deputy was arrogant"), ["respect"]);
    assert.deepEqual(commentThemes("People blow through the school zone"), ["traffic"]);
    assert.deepEqual(commentThemes("Se fundió la farola de mi portal"), ["lighting"]);
    assert.deepEqual(commentThemes("Los pibes rompen todo"), ["youth"]);
    assert.deepEqual(commentThemes("Hay gente trapicheando en el portal"), ["drugs"]);
    assert.deepEqual(commentThemes("Haven't spotted a squad car around here"), ["patrol_presence"]);
    assert.deepEqual(commentThemes("Nadie me contactó después"), ["communication"]);
  });
});

describe("comment sentiment", () => {
  it("when a comment praises or complains, then it is positive or negative in both languages", () => {
    assert.equal(commentSentiment("The officer was kind and professional, thank you", "en"), "positive");
    assert.equal(commentSentiment("The officer was rude and nobody came back", "en"), "negative");
    assert.equal(commentSentiment("Muy buen trabajo, gracias", "es"), "positive");
    assert.equal(commentSentiment("Tardan una eternidad y nadie contesta", "es"), "negative");
  });

  it("when a comment only asks for something, then it is neutral", () => {
    assert.equal(commentSentiment("Please put a speed bump on Oak", "en"), "neutral");
    assert.equal(commentSentiment("Pongan un tope en la calle Roble, por favor", "es"), "neutral");
  });
});

describe("the labelled comments", () => {
  const comments = labelledComments();

  it("when the set is read, then it holds at least 200 comments in English and Spanish, each labelled", () => {
    assert.ok(comments.length >= 200, `${comments.length} comments`);
    // Every theme has enough examples for precision and recall to mean something.
    assertWellLabelled(comments, { perLanguage: 100, perTheme: 20 });
  });

  it("when the tuning part is classified, then each theme's precision and recall is at least 0.8", () => {
    assertThemeFloor(evaluateThemes(labelledComments("tuning")), 0.8);
  });

  it("when the set is classified, then sentiment is right for at least 70% of comments in each language", () => {
    const { sentiment } = evaluateThemes(comments);
    assert.ok(sentiment.byLanguage.en >= 0.7, `en ${sentiment.byLanguage.en.toFixed(3)}`);
    assert.ok(sentiment.byLanguage.es >= 0.7, `es ${sentiment.byLanguage.es.toFixed(3)}`);
  });
});

function assertThemeFloor(report: ReturnType<typeof evaluateThemes>, floor: number) {
  for (const score of report.themes) {
    assert.ok(score.precision >= floor, `${score.theme} precision ${score.precision.toFixed(3)}`);
    assert.ok(score.recall >= floor, `${score.theme} recall ${score.recall.toFixed(3)}`);
  }
}

function assertWellLabelled(comments: LabelledComment[], least: { perLanguage: number; perTheme: number }) {
  for (const language of ["en", "es"])
    assert.ok(comments.filter((c) => c.language === language).length >= least.perLanguage, language);
  for (const theme of THEME_IDS)
    assert.ok(comments.filter((c) => c.themes.includes(theme)).length >= least.perTheme, theme);
  for (const c of comments) {
    assert.ok(
      c.themes.every((t) => (THEME_IDS as readonly string[]).includes(t)),
      c.text,
    );
    assert.ok(["positive", "neutral", "negative"].includes(c.sentiment), c.text);
  }
}

// Written blind before the lexicon was broadened and never tuned on (docs/THEMES.md): the
// floors are a little under what the broadened lexicon reached, so a regression fails.
describe("the second held-out comments", () => {
  const comments = heldOutComments();

  it("when the set is read, then it holds at least 60 comments per language, each labelled", () => {
    assertWellLabelled(comments, { perLanguage: 60, perTheme: 10 });
  });

  it("when the set is classified, then each theme's precision and recall is at least 0.85", () => {
    assertThemeFloor(evaluateThemes(comments), 0.85);
  });

  it("when the set is classified, then sentiment is right for at least half the comments in each language", () => {
    const { sentiment } = evaluateThemes(comments);
    assert.ok(sentiment.byLanguage.en >= 0.5, `en ${sentiment.byLanguage.en.toFixed(3)}`);
    assert.ok(sentiment.byLanguage.es >= 0.5, `es ${sentiment.byLanguage.es.toFixed(3)}`);
  });
});
