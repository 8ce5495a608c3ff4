import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  fill,
  languageName,
  negotiateLanguage,
  parseAcceptLanguage,
  problemMessage,
  textDirection,
  UI_LANGUAGES,
  uiStrings,
} from "@shared/i18n/index.js";
import type { Question } from "@shared/survey.js";

const en = UI_LANGUAGES["en"]!;

/** Every string of a language, flattened to "path → text". */
function flatten(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === "string") out.set(path, child);
    else for (const [p, v] of flatten(child, path)) out.set(p, v);
  }
  return out;
}
const slots = (text: string): string[] => [...text.matchAll(/\{([a-z]+)\}/g)].map((m) => m[1]!).sort();

describe("respondent page strings", () => {
  it("every language has every English string, non-empty, with the same {slots}", () => {
    const english = flatten(en);
    for (const [language, strings] of Object.entries(UI_LANGUAGES)) {
      const own = flatten(strings);
      assert.deepEqual([...own.keys()].sort(), [...english.keys()].sort(), language);
      for (const [path, text] of own) {
        assert.ok(text.trim().length > 0, `${language}.${path} is empty`);
        assert.deepEqual(slots(text), slots(english.get(path)!), `${language}.${path} slots`);
      }
    }
    assert.ok(Object.keys(UI_LANGUAGES).length >= 3);
  });

  it("English strings stay plain: short sentences (at most 20 words)", () => {
    for (const [path, text] of flatten(en)) {
      for (const sentence of text.split(/[.!?]\s+/)) {
        const words = sentence.split(/\s+/).filter(Boolean).length;
        assert.ok(words <= 20, `${path}: "${sentence}" has ${words} words`);
      }
    }
  });

  it("right-to-left languages say so, with or without page strings of their own", () => {
    assert.equal(textDirection("ar"), "rtl");
    assert.equal(textDirection("ar-EG"), "rtl");
    assert.equal(textDirection("he"), "rtl");
    assert.equal(textDirection("fa"), "rtl");
    assert.equal(textDirection("en"), "ltr");
    assert.equal(textDirection("es"), "ltr");
    assert.equal(textDirection("vi"), "ltr");
    assert.equal(uiStrings("ar").dir, "rtl");
  });

  it("falls back from a regional tag to its language, then to English", () => {
    assert.equal(uiStrings("es-MX"), UI_LANGUAGES["es"]);
    assert.equal(uiStrings("vi"), en);
  });

  it("names each language in itself for the switcher", () => {
    assert.equal(languageName("en"), "English");
    assert.equal(languageName("es"), "Español");
    assert.equal(languageName("ar"), "العربية");
    assert.equal(languageName("fr"), "Français");
  });

  it("fills slots and leaves unknown ones visible", () => {
    assert.equal(fill("Question {current} of {total}", { current: 2, total: 9 }), "Question 2 of 9");
    assert.equal(fill("Hi {name}", {}), "Hi {name}");
    assert.equal(fill("{constructor}", {}), "{constructor}");
  });
});

describe("choosing the page language", () => {
  it("reads Accept-Language by preference, dropping q=0 and malformed entries", () => {
    assert.deepEqual(parseAcceptLanguage("da, en-GB;q=0.8, en;q=0.7"), ["da", "en-GB", "en"]);
    assert.deepEqual(parseAcceptLanguage("en;q=0.2, es-MX, fr;q=0, <script>;q=1"), ["es-MX", "en"]);
    assert.deepEqual(parseAcceptLanguage(undefined), []);
    assert.deepEqual(parseAcceptLanguage("*"), []);
  });

  it("caps a huge header before parsing it", () => {
    const huge = Array.from({ length: 10_000 }, (_, i) => `x${i % 10}`).join(",");
    assert.ok(parseAcceptLanguage(huge).length <= 20);
  });

  it("picks an exact tag, then the same language, else the survey's first", () => {
    assert.equal(negotiateLanguage(["es-MX", "en"], ["en", "es"]), "es");
    assert.equal(negotiateLanguage(["fr", "es"], ["en", "es"]), "es");
    assert.equal(negotiateLanguage(["fr"], ["es", "en"]), "es");
    assert.equal(negotiateLanguage([], ["en", "es"]), "en");
    assert.equal(negotiateLanguage(["EN-gb"], ["es", "en"]), "en");
    assert.equal(negotiateLanguage(["zh-TW"], ["zh-CN", "zh-TW"]), "zh-TW");
  });
});

describe("answer problems in the respondent's words", () => {
  const es = UI_LANGUAGES["es"]!;
  const matrix: Question = {
    id: "q_pj",
    type: "matrix",
    prompt: { en: "The police…", es: "La policía…" },
    items: [{ id: "fair", prompt: { en: "are fair", es: "es justa" } }],
  };
  const number: Question = { id: "q_n", type: "number", prompt: { en: "How many?" }, min: 1, max: 9 };

  it("words each rule of the shared answer checks", () => {
    const say = (question: Question, message: string, path = `answers.${question.id}`, strings = en) =>
      problemMessage({ path, message }, question, strings, strings === es ? "es" : "en");
    assert.equal(say(number, "is required"), "Please answer this question.");
    assert.equal(say(matrix, "is required", "answers.q_pj.fair", es), "Por favor, conteste: es justa");
    assert.equal(say(number, "must be at least 1"), "Please enter a number of 1 or more.");
    assert.equal(say(number, "must be at most 9"), "Please enter a number of 9 or less.");
    assert.equal(say(number, "must be a number"), "Please enter a number.");
    assert.equal(say({ ...number, type: "date" }, "is not a real date"), "Please enter a real date.");
    assert.match(
      say({ ...number, type: "text" }, "must be at most 5000 characters"),
      /up to 5000 characters/,
    );
    assert.equal(
      say(matrix, "must be a whole number from 1 to 5, or 0", "answers.q_pj.fair"),
      en.errorChoice,
    );
    assert.equal(say(number, "answers a question that is hidden by its skip logic"), en.errorHidden);
  });
});
