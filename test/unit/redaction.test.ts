import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { redact, redactText } from "@shared/redaction.js";

describe("redact: email addresses", () => {
  it("when a comment holds an email address, then it becomes [email]", () => {
    assert.equal(redactText("Write to ana.perez+tips@example.org today"), "Write to [email] today");
  });

  it("when an address is spelled out to dodge filters, then it is caught too", () => {
    assert.equal(redactText("ana at example dot com"), "[email]");
    assert.equal(redactText("ana [at] example [dot] org"), "[email]");
    assert.equal(redactText("escríbanme a ana arroba ejemplo punto mx"), "escríbanme a [email]");
  });
});

describe("redact: phone numbers", () => {
  const phones = [
    "(555) 123-4567",
    "555-123-4567",
    "555.123.4567",
    "5551234567",
    "+1 555 123 4567",
    "555-1234",
    "+44 20 7946 0958",
    "612 34 56 78",
    "+52 55 1234 5678",
  ];
  for (const phone of phones) {
    it(`when a comment holds "${phone}", then it becomes [phone]`, () => {
      assert.equal(redactText(`call ${phone} please`), "call [phone] please");
    });
  }

  it("when numbers are dates, money or short counts, then they stay", () => {
    for (const text of [
      "on 2024-11-05 at 10:30",
      "on 11/05/2024",
      "it cost 1.500.000 pesos",
      "it cost $1,250,000",
      "about 300 people and 45 cars",
      "between 1999 and 2004",
    ]) {
      assert.equal(redactText(text), text, text);
    }
  });
});

describe("redact: street addresses", () => {
  it("when a comment gives a house number and street, then it becomes [address]", () => {
    assert.equal(redactText("I live at 4512 N Maple Ave Apt 3B."), "I live at [address].");
    assert.equal(redactText("the house at 12 Elm Street is empty"), "the house at [address] is empty");
    assert.equal(redactText("near 300 west 5th st"), "near [address]");
    assert.equal(redactText("send it to PO Box 1234"), "send it to [address]");
  });

  it("when a Spanish address is given street-first, then it becomes [address]", () => {
    assert.equal(redactText("Vivo en Calle 5 de Mayo 123, cerca"), "Vivo en [address], cerca");
    assert.equal(redactText("en Av. Juárez #45 hay robos"), "en [address] hay robos");
  });

  it("when a number counts things on a street, then it is not an address", () => {
    for (const text of [
      "There were 3 kids in the street",
      "2 cars speeding down the road every night",
      "It was a 45 minutes drive",
      "Main Street needs lights",
    ]) {
      assert.equal(redactText(text), text, text);
    }
  });
});

describe("redact: counts", () => {
  it("when several kinds appear, then each is counted", () => {
    const result = redact("Ana, 555-123-4567, ana@example.org, 12 Elm St and bob@example.org");
    assert.deepEqual(result.redactions, { email: 2, phone: 1, address: 1 });
    assert.equal(result.text, "Ana, [phone], [email], [address] and [email]");
  });
});
