import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callTypeRouting, type RoutableSurvey } from "@server/contacts/routing.js";
import { BADGE_PATTERN, UNIT_CODE_PATTERN } from "@shared/accounts.js";
import { normalizePhone } from "@shared/phone.js";
import { contactSchema } from "@server/invitations/invitations.schemas.js";

describe("phone numbers from dispatch exports", () => {
  it("when a US number is written any of the usual ways, then it becomes the same E.164 number", () => {
    for (const written of [
      "(512) 555-0123",
      "512.555.0123",
      "512-555-0123",
      "1 512 555 0123",
      "+1 (512) 555-0123",
      "0015125550123",
    ]) {
      assert.equal(normalizePhone(written, "US"), "+15125550123", written);
    }
  });

  it("when the agency's country is not the US, then national numbers drop the trunk 0 and take its code", () => {
    assert.equal(normalizePhone("020 7946 0958", "GB"), "+442079460958");
    assert.equal(normalizePhone("06 12 34 56 78", "FR"), "+33612345678");
    assert.equal(normalizePhone("612 345 678", "ES"), "+34612345678");
    assert.equal(normalizePhone("+1 512 555 0123", "GB"), "+15125550123", "a + number keeps its own country");
  });

  it("when a number cannot be one, then it is refused rather than guessed", () => {
    for (const written of [
      "555-0123",
      "12",
      "512-555-0123 ext 4",
      "call me",
      "(012) 555-0123",
      "+0 123 456 789",
      "+1234567890123456",
    ]) {
      assert.equal(normalizePhone(written, "US"), null, written);
    }
  });
});

describe("which survey a call type goes to", () => {
  const survey = (id: string, settings: RoutableSurvey["settings"], extra: Partial<RoutableSurvey> = {}) => ({
    id,
    kind: "post-contact",
    status: "open",
    settings,
    openedAt: new Date(`2026-01-0${id.length}T00:00:00Z`),
    ...extra,
  });

  it("when a survey lists the call type, then it goes there; otherwise to the survey marked default", () => {
    const routing = callTypeRouting([
      survey("a", { callTypes: ["traffic_stop"] }),
      survey("bb", { callTypes: ["traffic_stop", "report_taken"] }),
      survey("ccc", { defaultForCalls: true }),
    ]);
    assert.equal(routing.surveyFor("traffic_stop"), "a", "the longest open of two listing it");
    assert.equal(routing.surveyFor("report_taken"), "bb");
    assert.equal(routing.surveyFor("noise_complaint"), "ccc");
  });

  it("when none is marked default, then only a sole open post-contact survey takes the unlisted call types", () => {
    assert.equal(callTypeRouting([survey("a", {})]).surveyFor("anything"), "a");
    const two = callTypeRouting([survey("a", { callTypes: ["traffic_stop"] }), survey("bb", {})]);
    assert.equal(two.surveyFor("report_taken"), null);
  });

  it("when a survey is closed, a draft or not post-contact, then it takes no contacts", () => {
    const routing = callTypeRouting([
      survey("a", { callTypes: ["traffic_stop"], defaultForCalls: true }, { status: "closed" }),
      survey("bb", { callTypes: ["traffic_stop"] }, { status: "draft" }),
      survey("ccc", { callTypes: ["traffic_stop"], defaultForCalls: true }, { kind: "community" }),
    ]);
    assert.equal(routing.surveyFor("traffic_stop"), null);
  });
});

describe("units and badges from dispatch exports", () => {
  it("when a unit or badge is written with spaces, dots, slashes or #, then it is stored in the form supervisors' units and officers' badges take", () => {
    const read = (unit: string, officer: string) =>
      contactSchema.validate({ email: "a@example.org", contactType: "traffic_stop", unit, officer });
    const { value, error } = read(" B/4471 ", "Unit 7");
    assert.equal(error, undefined);
    assert.equal(value.unit, "B-4471");
    assert.equal(value.officer, "Unit-7");
    assert.match(value.unit as string, UNIT_CODE_PATTERN);
    assert.match(value.officer as string, BADGE_PATTERN);
    assert.equal(read("3.Adam.12", "#4471").value.unit, "3-Adam-12");
    assert.equal(read("3.Adam.12", "#4471").value.officer, "4471");
    assert.ok(read("<script>", "A1").error, "markup is refused, not rewritten");
  });
});
