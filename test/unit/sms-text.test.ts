import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keywordOf, MAX_SMS_SEGMENTS, smsLength, surveyText } from "@shared/sms-text.js";

const LINK = "https://survey.example-police.gov/i/AbCdEfGhIjKlMnOp";
/** A public address of a usual length: with it, Spanish keeps its accents in two segments. */
const SHORT_LINK = "https://encuesta.pd.gov/i/AbCdEfGhIjKlMnOp";

describe("SMS segment counting", () => {
  it("when a text is plain GSM-7, then it takes one segment up to 160 characters and 153 a part after", () => {
    assert.deepEqual(smsLength("a".repeat(160)), { encoding: "GSM-7", units: 160, segments: 1 });
    assert.deepEqual(smsLength("a".repeat(161)), { encoding: "GSM-7", units: 161, segments: 2 });
    assert.deepEqual(smsLength("a".repeat(306)), { encoding: "GSM-7", units: 306, segments: 2 });
    assert.deepEqual(smsLength("a".repeat(307)), { encoding: "GSM-7", units: 307, segments: 3 });
  });

  it("when a text holds extension characters, then each counts two septets and no pair is split across parts", () => {
    assert.deepEqual(smsLength("€".repeat(80)), { encoding: "GSM-7", units: 160, segments: 1 });
    assert.deepEqual(smsLength("[]{}"), { encoding: "GSM-7", units: 8, segments: 1 });
    // 152 septets, then an escape pair: it does not fit the part's last septet, so it moves on.
    const text = "a".repeat(152) + "^" + "a".repeat(152);
    assert.equal(smsLength(text).units, 306);
    assert.equal(smsLength(text).segments, 3);
  });

  it("when Spanish uses é, ñ, ¿ and ü only, then it stays GSM-7; when it uses á, í, ó or ú, then it is UCS-2", () => {
    assert.equal(smsLength("¿Qué pasó? Niño, pingüino, café").encoding, "UCS-2");
    assert.equal(smsLength("¿Qué? Niño, pingüino, café").encoding, "GSM-7");
    for (const accented of ["á", "í", "ó", "ú", "Á", "Ó"]) {
      assert.equal(smsLength(`sí ${accented}`).encoding, "UCS-2", accented);
    }
    assert.deepEqual(smsLength("¿Cómo"), { encoding: "UCS-2", units: 5, segments: 1 });
  });

  it("when a text is UCS-2, then 70 units fit one segment, 67 a part after, and an emoji takes two units never split", () => {
    assert.deepEqual(smsLength("ó".repeat(70)), { encoding: "UCS-2", units: 70, segments: 1 });
    assert.deepEqual(smsLength("ó".repeat(71)), { encoding: "UCS-2", units: 71, segments: 2 });
    assert.deepEqual(smsLength("ó".repeat(134)), { encoding: "UCS-2", units: 134, segments: 2 });
    assert.equal(smsLength("😀").units, 2);
    // 66 units, then a surrogate pair that would straddle the boundary: a third part.
    assert.equal(smsLength("ó".repeat(66) + "😀" + "ó".repeat(66)).segments, 3);
  });
});

describe("survey texts", () => {
  it("when the English invitation is composed, then it is GSM-7, carries the link and opt-out, and fits two segments", () => {
    const sms = surveyText({
      kind: "invitation",
      language: "en",
      agencyName: "Springfield Police",
      link: LINK,
    });
    assert.equal(sms.encoding, "GSM-7");
    assert.ok(sms.text.includes(LINK));
    assert.match(sms.text, /Reply STOP to opt out\.$/);
    assert.ok(sms.segments <= MAX_SMS_SEGMENTS);
  });

  it("when the Spanish texts are composed with a short link, then they keep their accents as UCS-2 in two segments", () => {
    for (const kind of ["invitation", "reminder"] as const) {
      const sms = surveyText({
        kind,
        language: "es",
        agencyName: "Policía de Springfield",
        link: SHORT_LINK,
      });
      assert.equal(sms.encoding, "UCS-2");
      assert.match(sms.text, /^Policía de Springfield: (¿Cómo lo atendimos|Recuerde)/);
      assert.ok(sms.text.includes("anónima"));
      assert.ok(sms.units <= 134, `${kind}: ${sms.units} units`);
      assert.equal(sms.segments, 2);
    }
  });

  it("when the Spanish text would take three UCS-2 segments, then its accents outside GSM-7 are folded and it fits two", () => {
    const sms = surveyText({
      kind: "invitation",
      language: "es",
      agencyName: "Policía de Springfield",
      link: LINK,
    });
    assert.equal(sms.encoding, "GSM-7");
    assert.equal(sms.segments, 1);
    assert.equal(
      sms.text,
      `Policia de Springfield: ¿Como lo atendimos? Encuesta anonima: ${LINK} STOP para no recibir mas`,
    );
  });

  it("when the agency name is very long, then only the name is cut until the text fits two segments", () => {
    const name =
      "Springfield Metropolitan Police Department Community Engagement and Outreach Bureau ".repeat(3);
    const sms = surveyText({ kind: "invitation", language: "en", agencyName: name, link: LINK });
    assert.equal(sms.segments, 2);
    assert.ok(sms.text.startsWith("Springfield Metropolitan Police"));
    assert.ok(!sms.text.includes(name.trim()), "the name was not cut");
    assert.ok(sms.text.includes(LINK));
    assert.match(sms.text, /Reply STOP to opt out\.$/);
  });

  it("when the language has no text of its own, then the English text is sent", () => {
    const sms = surveyText({ kind: "reminder", language: "vi", agencyName: "Springfield PD", link: LINK });
    assert.match(sms.text, /^Springfield PD: A reminder/);
  });
});

describe("inbound keywords", () => {
  it("when a reply is an opt-out, opt-in or help word in any case, then it is read as that keyword; other text is not", () => {
    for (const word of ["STOP", "stop", " Stop. ", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT"])
      assert.equal(keywordOf(word), "stop", word);
    assert.equal(keywordOf("start"), "start");
    assert.equal(keywordOf("UNSTOP"), "start");
    assert.equal(keywordOf("help"), "help");
    assert.equal(keywordOf("please stop sending"), null);
    assert.equal(keywordOf("Thanks!"), null);
  });
});
