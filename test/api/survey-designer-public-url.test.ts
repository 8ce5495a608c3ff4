import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import QRCode from "qrcode";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

describe("public links behind a proxy (PUBLIC_URL)", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ PUBLIC_URL: "https://pulse.example.gov/" });
  });
  after(() => server.stop());

  it("when PUBLIC_URL is set, then QR codes and cards use it, not the address staff used", async () => {
    const { clients } = await buildAgency(server.url, ["designer"]);
    const survey = await publishFromTemplate(clients.designer, "post-contact");
    const url = `https://pulse.example.gov/s/${survey.slug}`;
    const svg = await clients.designer.get<string>(`/api/v1/surveys/${survey.id}/qr.svg`);
    assert.equal(svg.body, await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M" }));
    const card = await clients.designer.get<string>(`/api/v1/surveys/${survey.id}/card`);
    assert.ok(card.body.includes(`pulse.example.gov/s/${survey.slug}<`));
    assert.ok(card.body.includes("How did we do?"), "post-contact cards ask about the contact");
    assert.ok(!card.body.includes(server.url));
  });
});
