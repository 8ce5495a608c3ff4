import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { PresentedResource } from "@shared/resources.js";
import { CATALOG } from "@server/resources/catalog/index.js";
import { resourcesForIndicators } from "@server/resources/recommendations.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency } from "../helpers/factories.js";
import { ROOT } from "../helpers/process.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Resource = PresentedResource;

// The page the library is built from, kept beside the repository (see README: `../shared`).
const SEED = path.resolve(ROOT, "..", "shared", "seed", "iacp-community-police-engagement.txt");
const CATEGORIES = [
  "New Resources",
  "Bias-Free Policing",
  "Use of Force",
  "Leadership and Culture",
  "Recruitment and Hiring",
  "Community Trauma/Victim Services",
  "Community Partnerships",
  "Cooperative Safety Solutions",
];
const KIND_OF_HEADER: Record<string, string> = {
  "Videos:": "video",
  "Vidoes:": "video",
  "Policy Papers:": "policy_paper",
  "Resources:": "resource",
  "From the Field: Police Chief Articles": "article",
};

/** Every (category, title, kind) the page lists; a policy paper's title ends before " - ". */
function listedOnPage(text: string): Array<{ category: string; title: string; kind: string }> {
  const listed: Array<{ category: string; title: string; kind: string }> = [];
  let category = "";
  let kind = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (CATEGORIES.includes(line)) {
      category = line;
      kind = "resource";
    } else if (KIND_OF_HEADER[line]) kind = KIND_OF_HEADER[line]!;
    else if (line.startsWith("- ") && category) {
      let title = line.slice(2);
      if (kind === "policy_paper") title = title.split(/\s+-\s*(?=[A-Z])/)[0]!;
      if (title.startsWith("Discover Policing ")) title = title.split(" – ")[0]!;
      listed.push({ category, title: title.trim(), kind });
    }
  }
  return listed;
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[^a-z0-9' ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);

describe("resource library", () => {
  let server: TestServer;
  let admin: ApiClient;
  let slug: string;

  before(async () => {
    server = await startTestServer();
    ({
      slug,
      clients: { admin },
    } = await buildAgency(server.url, ["admin", "designer"]));
  });
  after(() => server.stop());

  const list = (query = "") =>
    fetch(`${server.url}/api/v1/resources${query}`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as {
        resources: Resource[];
        categories: Array<{ name: string; description: string }>;
      },
    }));

  it(
    "when the library is listed, then every category and every title of the IACP page is there with its kind",
    { skip: !existsSync(SEED) && "the seed page is not beside the repository" },
    async () => {
      const res = await list();
      assert.equal(res.status, 200);
      const served = new Set(res.body.resources.map((r) => `${r.category}|${r.title}|${r.kind}`));
      const expected = listedOnPage(readFileSync(SEED, "utf8"));
      assert.equal(expected.length, 140);
      const missing = expected.filter((e) => !served.has(`${e.category}|${e.title}|${e.kind}`));
      assert.deepEqual(missing, []);
      assert.equal(res.body.resources.length, expected.length);
      assert.deepEqual([...new Set(res.body.resources.map((r) => r.category))], CATEGORIES);
    },
  );

  it(
    "when summaries are compared with the page, then none reuses a run of six of its words",
    { skip: !existsSync(SEED) && "the seed page is not beside the repository" },
    () => {
      const page = words(readFileSync(SEED, "utf8"));
      const runs = new Set(page.slice(0, -5).map((_, i) => page.slice(i, i + 6).join(" ")));
      for (const entry of CATALOG.flatMap((c) => [...c.entries, { title: c.name, summary: c.description }])) {
        const w = words(entry.summary);
        const copied = w
          .slice(0, -5)
          .map((_, i) => w.slice(i, i + 6).join(" "))
          .filter((run) => runs.has(run));
        assert.deepEqual(copied, [], entry.title);
        const sentences = entry.summary.split(/[.!?](\s|$)/).filter((s) => s.trim()).length;
        assert.ok(sentences >= 1 && sentences <= 2, `${entry.title}: ${sentences} sentences`);
      }
    },
  );

  it("when every resource is checked, then it has a summary, known themes, and no invented link", async () => {
    const res = await list();
    for (const r of res.body.resources) {
      assert.ok(r.summary.length > 20, r.title);
      assert.equal(r.url, null, r.title);
      assert.equal(r.source, "iacp");
      assert.ok(r.themes.length > 0, r.title);
      for (const theme of r.themes)
        assert.match(
          theme,
          /^(safety|trust|procedural_justice\.(voice|neutrality|respect|motives)|engagement|satisfaction)(\.|$)/,
        );
    }
  });

  it("when filtered by category or theme, then only matching resources come back (broader themes match narrower ones)", async () => {
    const force = await list("?category=Use%20of%20Force");
    assert.equal(force.body.resources.length, 10);
    assert.ok(force.body.resources.every((r) => r.category === "Use of Force"));
    const neutrality = await list("?theme=procedural_justice.neutrality");
    assert.ok(neutrality.body.resources.some((r) => r.title === "Bias-Free Policing"));
    assert.ok(
      neutrality.body.resources.every((r) =>
        r.themes.some((t) => t.startsWith("procedural_justice.neutrality")),
      ),
    );
    const night = await list("?theme=safety.night");
    assert.ok(
      night.body.resources.length > 0 && night.body.resources.every((r) => r.themes.includes("safety")),
    );
    const bad = await list("?theme=Not%20A%20Theme&color=red");
    assert.equal(bad.status, 400);
  });

  it("when an admin adds and edits resources, then only their agency's listing changes", async () => {
    const created = await admin.post<{ resource: Resource }>("/api/v1/resources", {
      category: "Local programs",
      title: "Coffee with a Cop, Thursdays",
      kind: "resource",
      summary: "Monthly informal meetings between residents and officers at local cafes.",
      themes: ["engagement.dialogue", "trust"],
      url: "https://example.org/coffee",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const shared = (await list("?category=Bias-Free%20Policing")).body.resources.find(
      (r) => r.title === "Bias-Free Policing",
    )!;
    const edited = await admin.patch<{ resource: Resource }>(`/api/v1/resources/${shared.id}`, {
      url: "https://example.org/our-bias-free-policy",
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.resource.source, "agency");

    const mine = (await list(`?agency=${slug}`)).body.resources;
    assert.ok(mine.some((r) => r.title === "Coffee with a Cop, Thursdays"));
    const ours = mine.filter((r) => r.title === "Bias-Free Policing");
    assert.equal(ours.length, 1);
    assert.equal(ours[0]!.url, "https://example.org/our-bias-free-policy");

    const everyone = (await list()).body.resources;
    assert.ok(!everyone.some((r) => r.title === "Coffee with a Cop, Thursdays"));
    assert.equal(everyone.find((r) => r.title === "Bias-Free Policing")!.url, null);
  });

  it("when listed, then each entry says which indices it fits and why, and the categories come with a description", async () => {
    const res = await list();
    assert.equal(res.body.categories.length, 8);
    assert.ok(res.body.categories.every((c) => c.description.length > 0));
    const policy = res.body.resources.find((r) => r.title === "Bias-Free Policing")!;
    assert.deepEqual(
      policy.fits.map((f) => f.label),
      ["Procedural justice", "Procedural justice: neutrality"],
    );
    const elder = res.body.resources.find((r) => /Elder Abuse/.test(r.title))!;
    assert.deepEqual(elder.fits, []);
  });

  it("when an admin adds a programme without a kind and later deletes it, then it is a programme and then gone; deleting a link copy restores the shared entry", async () => {
    const created = await admin.post<{ resource: Resource }>("/api/v1/resources", {
      category: "Cooperative Safety Solutions",
      title: "Night walks with the district team",
      summary: "Residents and officers walk the blocks people avoid after dark, once a month.",
      themes: ["safety.night"],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.resource.kind, "programme");
    assert.deepEqual(
      created.body.resource.fits.map((f) => f.indicator),
      ["safety"],
    );
    const id = created.body.resource.id;
    assert.equal((await admin.request("DELETE", `/api/v1/resources/${id}`)).status, 204);
    assert.ok(!(await list(`?agency=${slug}`)).body.resources.some((r) => r.id === id));
    assert.equal((await admin.request("DELETE", `/api/v1/resources/${id}`)).status, 404);

    const shared = (await list("?category=Use%20of%20Force")).body.resources[0]!;
    assert.equal(
      (await admin.request("DELETE", `/api/v1/resources/${shared.id}`)).status,
      404,
      "the shared entry is not theirs",
    );
    const copy = await admin.patch<{ resource: Resource }>(`/api/v1/resources/${shared.id}`, {
      url: "https://example.org/force",
    });
    assert.equal((await admin.request("DELETE", `/api/v1/resources/${copy.body.resource.id}`)).status, 204);
    const back = (await list(`?agency=${slug}&category=Use%20of%20Force`)).body.resources[0]!;
    assert.equal(back.id, shared.id);
    assert.equal(back.url, null);
  });

  it("when input is bad or the caller may not edit, then it is refused and nothing changes", async () => {
    const before = (await list(`?agency=${slug}`)).body.resources.length;
    const bad = await admin.post<{ error: { details: Array<{ path: string }> } }>("/api/v1/resources", {
      title: "",
      kind: "podcast",
      url: "javascript:alert(1)",
      extra: true,
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d) => d.path).sort(), [
      "category",
      "extra",
      "kind",
      "summary",
      "title",
      "url",
    ]);
    const other = await buildAgency(server.url, ["admin", "designer"]);
    const theirs = await other.clients.admin.post<{ resource: Resource }>("/api/v1/resources", {
      category: "Local",
      title: "Their own",
      kind: "article",
      summary: "Something only the other agency lists.",
    });
    assert.equal(
      (await admin.patch(`/api/v1/resources/${theirs.body.resource.id}`, { title: "Mine now" })).status,
      404,
    );
    assert.equal((await other.clients.designer.post("/api/v1/resources", { category: "x" })).status, 403);
    const foreignDelete = await admin.request("DELETE", `/api/v1/resources/${theirs.body.resource.id}`);
    assert.equal(foreignDelete.status, 404, "another agency's programme is not theirs to remove");
    assert.equal(
      (await other.clients.designer.request("DELETE", `/api/v1/resources/${theirs.body.resource.id}`)).status,
      403,
    );
    assert.equal((await admin.request("DELETE", "/api/v1/resources/nope")).status, 400);
    const theirList = (await list(`?agency=${other.slug}`)).body.resources;
    assert.ok(
      theirList.some((r) => r.id === theirs.body.resource.id),
      "still listed for its agency",
    );
    assert.equal((await list(`?agency=${slug}`)).body.resources.length, before);
    assert.equal((await list("?agency=no-such-agency")).status, 404);
  });
});

describe("resourcesForIndicators", () => {
  const library = CATALOG.flatMap((c) =>
    c.entries.map((e, i) => ({
      id: `${c.name}-${i}`,
      category: c.name,
      title: e.title,
      kind: e.kind,
      themes: e.themes,
    })),
  );

  const fell = (significant: boolean) => ({ change: -6, significant, nA: 40, nB: 40 });

  it("when neutrality is low, then Bias-Free Policing comes first", () => {
    const [first] = resourcesForIndicators(
      { procedural_justice_neutrality: { score: 41, n: 40 }, safety: { score: 80, n: 40 } },
      library,
    );
    assert.equal(first!.indicator, "procedural_justice_neutrality");
    assert.equal(first!.reason, "weak");
    assert.equal(first!.resources[0]!.title, "Bias-Free Policing");
  });

  it("when safety is low, then Cooperative Safety Solutions resources come first", () => {
    const [first] = resourcesForIndicators(
      { safety: { score: 35, n: 40 }, trust: { score: 75, n: 40 } },
      library,
    );
    assert.equal(first!.indicator, "safety");
    assert.equal(first!.resources[0]!.category, "Cooperative Safety Solutions");
  });

  it("when an index falls significantly, then it is listed first even if its score is fine", () => {
    const result = resourcesForIndicators(
      { trust: { score: 72, n: 40, change: fell(true) }, safety: { score: 55, n: 40 } },
      library,
    );
    assert.deepEqual(
      result.map((r) => [r.indicator, r.reason]),
      [
        ["trust", "falling"],
        ["safety", "weak"],
      ],
    );
    const drop = resourcesForIndicators({ trust: { score: 72, n: 40, change: fell(false) } }, library);
    assert.deepEqual(
      drop.map((r) => r.reason),
      ["weakest"],
    );
  });

  it("when an index rests on fewer than 30 answers, then it is neither weak, falling nor the weakest", () => {
    const thin = resourcesForIndicators(
      { safety: { score: 20, n: 29 }, trust: { score: 50, n: 30, change: { ...fell(true), nA: 12 } } },
      library,
    );
    assert.deepEqual(
      thin.map((r) => [r.indicator, r.reason]),
      [["trust", "weak"]],
      "safety on 29 answers is not flagged; trust's fall was tested against a 12-answer wave",
    );
    assert.deepEqual(resourcesForIndicators({ safety: { score: 20, n: 4.2 } }, library), []);
  });

  const everyIndexWeak = Object.fromEntries(
    [
      "procedural_justice",
      "procedural_justice_voice",
      "procedural_justice_neutrality",
      "procedural_justice_respect",
      "procedural_justice_motives",
      "trust",
      "safety",
    ].map((k, i) => [k, { score: 20 + i, n: 40 }]),
  );

  it("when every index is weak, then no resource is suggested for two indices and each says why", () => {
    const recs = resourcesForIndicators(everyIndexWeak, library);
    assert.equal(recs.length, 7);
    const ids = recs.flatMap((r) => r.resources.map((x) => x.id));
    assert.equal(new Set(ids).size, ids.length);
    for (const rec of recs) {
      assert.ok(rec.resources.length > 0, rec.indicator);
      for (const r of rec.resources) assert.match(r.why, /^[A-Z].*\.$/);
    }
  });

  it("when safety, trust or procedural justice is weak, then the loose matches of the old theme ranking are gone", () => {
    const titles = resourcesForIndicators(everyIndexWeak, library, { perIndicator: 10 })
      .flatMap((r) => r.resources.map((x) => x.title))
      .join(" | ");
    assert.doesNotMatch(titles, /Elder Abuse|Grievance Procedures|Electronic Control Weapons/);
  });

  it("when the agency has its own programme in a mapped category with a matching theme, then it comes first", () => {
    const programme = {
      id: "own-1",
      key: "agency/0011223344556677",
      category: "Cooperative Safety Solutions",
      title: "Riverside night walks",
      kind: "programme",
      themes: ["safety.night"],
    };
    const offTheme = {
      ...programme,
      id: "own-2",
      key: "agency/8899",
      title: "Youth league",
      themes: ["trust"],
    };
    const [safety] = resourcesForIndicators({ safety: { score: 30, n: 40 } }, [
      offTheme,
      ...library,
      programme,
    ]);
    assert.equal(safety!.resources[0]!.title, "Riverside night walks");
    assert.ok(
      safety!.resources.every((r) => r.id !== "own-2"),
      "a programme whose themes miss the index is not suggested",
    );
  });

  it("when a title is listed in two categories, then it is recommended once", () => {
    const [rec] = resourcesForIndicators({ procedural_justice_voice: { score: 30, n: 40 } }, library, {
      perIndicator: 10,
    });
    const titles = rec!.resources.map((r) => r.title.toLowerCase());
    assert.equal(new Set(titles).size, titles.length);
  });
});
