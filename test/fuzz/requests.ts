import fc from "fast-check";
import type { Endpoint, FuzzContext } from "./endpoints.js";
import { mutatedBody, mutatedQuery, ODD_STRINGS, queryString, TOO_LONG, type Json } from "./mutations.js";

/** One request the suite sends, and whether the contract makes it invalid. */
export interface FuzzRequest {
  kind: string;
  where: string;
  mustRefuse: boolean;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Send without the caller's session cookie and CSRF token. */
  noSession?: boolean;
  /** Send the session cookie but not the CSRF token (or a wrong one). */
  csrf?: "missing" | "wrong";
  /** Send as a signed-in colleague of this lower role instead. */
  as?: "designer" | "analyst";
}

/** Ids that are not ids: operators, traversal, broken percent escapes, unicode, the wrong length. */
const MALFORMED_IDS = [
  "%24ne",
  "%7B%22%24ne%22%3Anull%7D",
  "%ZZ",
  "%E0%A4%A",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "null",
  "0",
  "-1",
  "a".repeat(300),
  "zzzzzzzzzzzzzzzzzzzzzzzz",
  "%F0%9F%9A%93",
  "%C3%A9t%C3%A9",
  "1e3",
  "%20",
  "__proto__",
  "constructor",
];
const JSON_TYPE = "application/json";
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const AUTH_HEADERS = [
  "Bearer x",
  "Bearer ",
  `Bearer ${"a".repeat(4000)}`,
  "Bearer cpk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  "Basic Zm9vOmJhcg==",
  "bearer%20x",
  "Bearer $ne",
  "Token abc",
];

/** Bodies sent as JSON under the wrong type, charset or encoding, or not JSON at all. */
function contentTypeVariants(
  bodyText: string,
): Array<[string, string, Record<string, string>, string | Uint8Array]> {
  const json = { "content-type": JSON_TYPE };
  return [
    ["text/plain", "text/plain", { "content-type": "text/plain" }, bodyText],
    ["form", "urlencoded", { "content-type": "application/x-www-form-urlencoded" }, "a=1&b=2"],
    ["utf16", "charset", { "content-type": "application/json; charset=utf-16" }, bodyText],
    ["latin1", "charset", { "content-type": "application/json; charset=latin1" }, bodyText],
    ["vendor-json", "type", { "content-type": "application/vnd.api+json" }, bodyText],
    [
      "multipart",
      "type",
      { "content-type": "multipart/form-data; boundary=zz" },
      `--zz\r\n\r\n${bodyText}\r\n--zz--`,
    ],
    ["none", "type", {}, new TextEncoder().encode(bodyText)],
    ["xml", "type", { "content-type": "application/xml" }, "<a>1</a>"],
    ["truncated", "json", json, bodyText.slice(0, Math.max(1, bodyText.length >> 1))],
    ["open-brace", "json", json, "{"],
    ["trailing-comma", "json", json, "[1,]"],
    ["bare-null", "json", json, "null"],
    ["bare-string", "json", json, '"body"'],
    ["bare-number", "json", json, "123"],
    ["nul-byte", "json", json, "\u0000"],
    ["deep", "json", json, `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`],
    ["wide", "json", json, `[${"1,".repeat(100_000)}1]`],
    ["gzip-lie", "encoding", { ...json, "content-encoding": "gzip" }, bodyText],
    ["odd-encoding", "encoding", { ...json, "content-encoding": "x-fuzz" }, bodyText],
  ];
}

const printable = fc.string({ unit: "grapheme-ascii", maxLength: 120 });

/** Every kind of request the suite makes at one endpoint, mostly mutated bodies. */
export function requestArbitrary(endpoint: Endpoint, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const ids = endpoint.idKind ? ctx.ids[endpoint.idKind] : undefined;
  const pathWith = (id: string | undefined): string =>
    id === undefined ? endpoint.path : endpoint.path.replace("{id}", id);
  const validPath = pathWith(ids?.valid);
  const baseQuery = endpoint.query?.(ctx) ?? {};
  const validUrl = `${validPath}${queryString(Object.entries(baseQuery))}`;
  const base: Json | undefined = endpoint.body?.(ctx) ?? (endpoint.bodyless ? {} : undefined);
  const baseText = base === undefined ? undefined : JSON.stringify(base);
  const jsonHeaders = (): Record<string, string> =>
    baseText === undefined ? {} : { "content-type": JSON_TYPE };
  const request = (fields: Omit<FuzzRequest, "method">): FuzzRequest => ({
    method: endpoint.method,
    ...fields,
  });
  const options: Array<{ weight: number; arbitrary: fc.Arbitrary<FuzzRequest> }> = [];

  if (endpoint.raw) {
    const types = [
      "image/png",
      "image/jpeg",
      "image/webp",
      "image/svg+xml",
      "text/plain",
      JSON_TYPE,
      "image/gif",
    ];
    options.push({
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(...types), fc.uint8Array({ maxLength: 2048 }), fc.boolean())
        .map(([type, bytes, magic]) =>
          request({
            kind: magic ? "png-magic-garbage" : "random-bytes",
            where: type,
            // A PNG signature over garbage is a claim the server may only refuse or store safely.
            mustRefuse: !magic || type !== "image/png",
            url: validUrl,
            headers: { "content-type": type },
            body: magic ? new Uint8Array([...PNG_MAGIC, ...bytes]) : bytes,
          }),
        ),
    });
  }

  if (endpoint.form) {
    options.push({
      weight: 5,
      arbitrary: fc
        .tuple(
          fc.array(
            fc.tuple(
              fc.constantFrom("zz_fuzz", "c", "submissionId", "q_safe_night", "$where", "__proto__", "a.b"),
              printable,
            ),
            {
              maxLength: 6,
            },
          ),
          fc.constantFrom(...ODD_STRINGS, TOO_LONG),
        )
        .map(([pairs, odd]) =>
          request({
            kind: "form",
            where: "form",
            // An unknown field name makes the form invalid; the rest may or may not be.
            mustRefuse: true,
            url: validUrl,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams([["zz_fuzz", odd], ...pairs]).toString(),
          }),
        ),
    });
  }

  if (base !== undefined) {
    options.push({
      weight: 6,
      arbitrary: mutatedBody(base, endpoint.rules).map((m) =>
        request({
          kind: m.kind,
          where: m.where,
          mustRefuse: m.mustRefuse && !endpoint.bodyIgnored,
          url: validUrl,
          headers: { "content-type": JSON_TYPE },
          body: JSON.stringify(m.value),
        }),
      ),
    });
  }

  if (baseText !== undefined && !endpoint.bodyless) {
    const variants = contentTypeVariants(baseText);
    options.push({
      weight: 1,
      arbitrary: fc.constantFrom(...variants).map(([name, group, headers, body]) =>
        request({
          kind: `content-${name}`,
          where: group,
          mustRefuse: !(endpoint.otherContentTypes && (group === "text/plain" || name === "none")),
          url: validUrl,
          headers,
          body,
        }),
      ),
    });
  }

  if (endpoint.method === "GET" || endpoint.queryKeys !== undefined) {
    options.push({
      weight: endpoint.method === "GET" ? 4 : 1,
      arbitrary: mutatedQuery(baseQuery, endpoint.queryKeys ?? Object.keys(baseQuery)).map((m) =>
        request({
          kind: `query-${m.kind}`,
          where: m.where,
          mustRefuse: m.mustRefuse && endpoint.queryKeys !== undefined,
          url: `${validPath}${queryString(m.value)}`,
          headers: jsonHeaders(),
          body: endpoint.bodyless ? undefined : baseText,
        }),
      ),
    });
  }

  if (ids) {
    const choices = [ids.missing, ...(ids.foreign ? [ids.foreign] : []), ...MALFORMED_IDS];
    options.push({
      weight: 3,
      arbitrary: fc.constantFrom(...choices).map((id) =>
        request({
          kind: id === ids.foreign ? "foreign-id" : id === ids.missing ? "missing-id" : "malformed-id",
          where: id.slice(0, 40),
          mustRefuse: !endpoint.idLenient,
          url: `${pathWith(id)}${queryString(Object.entries(baseQuery))}`,
          headers: jsonHeaders(),
          body: endpoint.raw || endpoint.form ? undefined : baseText,
        }),
      ),
    });
  }

  const lower =
    endpoint.role === "admin"
      ? (["designer", "analyst"] as const)
      : endpoint.role
        ? (["analyst"] as const)
        : [];
  if (lower.length > 0) {
    options.push({
      weight: 1,
      arbitrary: fc.constantFrom(...lower).map((role) =>
        request({
          kind: "lower-role",
          where: role,
          mustRefuse: true,
          url: validUrl,
          headers: endpoint.raw ? { "content-type": "image/png" } : jsonHeaders(),
          body: endpoint.raw ? new Uint8Array(PNG_MAGIC) : baseText,
          as: role,
        }),
      ),
    });
  }

  if (endpoint.caller !== "anonymous") {
    const writes = endpoint.method !== "GET";
    options.push({
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...AUTH_HEADERS, "no-session", ...(writes ? ["no-csrf", "wrong-csrf"] : [])))
        .map(([auth]) =>
          request({
            kind: auth.startsWith("no-") || auth === "wrong-csrf" ? auth : "authorization",
            where: auth.slice(0, 40),
            mustRefuse: true,
            url: validUrl,
            headers: {
              ...jsonHeaders(),
              ...(auth.includes("-") && !auth.includes(" ") ? {} : { authorization: auth }),
            },
            body: endpoint.raw ? new Uint8Array(PNG_MAGIC) : baseText,
            noSession: auth !== "no-csrf" && auth !== "wrong-csrf",
            csrf: auth === "no-csrf" ? "missing" : auth === "wrong-csrf" ? "wrong" : undefined,
          }),
        ),
    });
  } else {
    options.push({
      weight: 1,
      arbitrary: fc.tuple(printable, printable).map(([cookie, language]) =>
        request({
          kind: "odd-headers",
          where: "cookie, accept-language",
          // Otherwise a valid request: odd headers must only not break the server.
          mustRefuse: false,
          url: validUrl,
          headers: { ...jsonHeaders(), cookie: `cp_session=${cookie}`, "accept-language": language },
          body: endpoint.form || endpoint.raw ? undefined : baseText,
        }),
      ),
    });
  }
  return fc.oneof(...options);
}
