import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joiOptions } from "@server/platform/validation.js";
import { createSurveySchema } from "@server/surveys/surveys.schemas.js";
import { findTemplate, templates, type SurveyTemplate } from "@server/surveys/templates/index.js";
import { checkAnswers } from "@shared/answers.js";
import { checkDefinitionRules, checkTranslations } from "@shared/definition-rules.js";
import type { Answers } from "@shared/survey.js";
import { communityAnswers } from "../helpers/answers.js";

/** The template as the full definition a client would POST to /api/v1/surveys. */
function definitionOf(template: SurveyTemplate): Record<string, unknown> {
  const { title, description, kind, languages, questions, settings } = template;
  return { title, description, kind, languages, questions, settings };
}

/** joi's problems as `path: message` lines, so a failure names the offending field. */
function schemaProblems(body: unknown): string[] {
  const { error } = createSurveySchema.body.validate(body, joiOptions);
  return error ? error.details.map((d) => `${d.path.join(".")}: ${d.message}`) : [];
}

describe("survey templates", () => {
  it("when the templates are listed, then there are the four known ones, in order", () => {
    assert.deepEqual(
      templates.map((t) => t.id),
      ["community-trust", "post-contact", "youth-police", "event-feedback"],
    );
  });

  it("when a template is looked up by id, then it is found; an unknown id gives undefined", () => {
    assert.equal(findTemplate("post-contact")?.kind, "post-contact");
    assert.equal(findTemplate("no-such-template"), undefined);
  });

  it("when a template definition carries a key the schema does not know, then the schema rejects it", () => {
    // Proves the checks below can fail: the schema rejects unknown keys rather than stripping them.
    const template = templates[0]!;
    const problems = schemaProblems({ ...definitionOf(template), owner: "x" });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0]!, /^owner: .*not allowed/);
  });

  for (const template of templates) {
    describe(`template ${template.id}`, () => {
      it("when given as a full definition, then it passes the createSurvey joi schema", () => {
        assert.deepEqual(schemaProblems(definitionOf(template)), []);
      });

      it("when its questions are checked, then the definition rules find no problems", () => {
        assert.deepEqual(checkDefinitionRules(template.questions, template.languages), []);
      });

      it("when its texts are checked, then every text exists in every language it offers", () => {
        assert.deepEqual(checkTranslations(template.title, template.questions, template.languages), []);
        assert.deepEqual(
          template.languages.filter((language) => !template.description[language]?.trim()),
          [],
          "description lacks a translation",
        );
      });
    });
  }

  it("when the test helper's community answers are checked against community-trust, then none has a problem", () => {
    const template = findTemplate("community-trust");
    assert.ok(template);
    for (let i = 0; i < 12; i += 1) {
      const { problems } = checkAnswers(template.questions, communityAnswers(i) as Answers);
      assert.deepEqual(problems, [], `communityAnswers(${i})`);
    }
  });
});
