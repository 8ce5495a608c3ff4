import fc from "fast-check";

/** A JSON value as a request body carries it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One generated request part: what was changed, where, and whether the contract must refuse it. */
export interface Mutation<T> {
  kind: string;
  where: string;
  /** True when the contract makes the result invalid, so any 2xx is a bug. */
  mustRefuse: boolean;
  value: T;
}

/**
 * Where a body's contract is looser than "any change is invalid": paths (`*` for any array
 * index or key) that may be null, and subtrees whose rows are judged one by one (a bad row is
 * reported in a 2xx, like invitation contacts) or that take several types.
 */
export interface BodyRules {
  nullable?: string[];
  lenient?: string[];
}

type Path = Array<string | number>;
interface Node {
  path: Path;
  value: Json;
}

const UNSAFE_KEYS = [
  "$gt",
  "$ne",
  "$where",
  "$set",
  "$regex",
  "$expr",
  "a.b",
  "margins.district",
  "x.$",
  "__proto__",
  "constructor",
  "prototype",
];
const HUGE_NUMBERS = [1e21, -1e21, 1e308, -1e308, 2 ** 64, -(2 ** 64), 2 ** 53 + 2, 1e15 + 0.5];
const NAN_ISH = ["NaN", "Infinity", "-Infinity", "1e999", "12abc", "", " ", "0x1g", "--1"];
/** Strings a careless server chokes on; any of them may still be valid free text. */
export const ODD_STRINGS = [
  "\u0000",
  "\ud800",
  "a\udfffb",
  "\u202egnp.exe",
  "👮‍♀️🚓🏳️‍🌈",
  "Ω≈ç√∫˜µ≤≥÷",
  "a\u0301\u0301\u0301\u0301\u0301",
  "\ufeff",
  "𝕿𝖊𝖘𝖙",
  "null",
  "undefined",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  '{"$gt":""}',
  "D1\n",
  "=cmd|' /C calc'!A0",
  "../../etc/passwd",
  "%00%ZZ",
  "\r\nX-Injected: 1",
  "تجربة",
];
export const TOO_LONG = "x".repeat(20_000);

const isObject = (v: Json): v is { [key: string]: Json } =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function walk(value: Json, path: Path = [], out: Node[] = []): Node[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], out));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k], out);
  return out;
}

const clone = (v: Json): Json => structuredClone(v);
const pathText = (path: Path): string => (path.length === 0 ? "(body)" : path.join("."));
/** `contacts.0.email` → `contacts.*.email`, for matching rules. */
const shape = (path: Path): string => path.map((p) => (typeof p === "number" ? "*" : p)).join(".");
const matches = (pattern: string, path: Path): boolean => {
  const parts = pattern.split(".");
  const actual = shape(path).split(".");
  return parts.length === actual.length && parts.every((p, i) => p === "*" || p === actual[i]);
};
const under = (prefixes: string[] | undefined, path: Path): boolean =>
  (prefixes ?? []).some((prefix) => {
    const n = prefix.split(".").length;
    return path.length >= n && matches(prefix, path.slice(0, n));
  });

/** Sets `key` as an own, enumerable property, even `__proto__`, so JSON.stringify sends it. */
function defineKey(target: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function replaceAt(root: Json, path: Path, value: Json | undefined): Json | undefined {
  if (path.length === 0) return value;
  const copy = clone(root);
  let parent = copy as Json;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string, Json>)[step as string]!;
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete (parent as Record<string, Json>)[last as string];
  } else (parent as Record<string, Json>)[last as string] = value;
  return copy;
}

function addKeyAt(root: Json, path: Path, key: string, value: Json): Json {
  const copy = clone(root);
  let target = copy;
  for (const step of path) target = (target as Record<string, Json>)[step as string]!;
  defineKey(target as { [key: string]: Json }, key, value);
  return copy;
}

function wrongTypes(value: Json): Json[] {
  if (typeof value === "string") return [0, 7, true, false, { k: "v" }, [value]];
  if (typeof value === "number") return [true, false, "abc", { n: value }, [value]];
  if (typeof value === "boolean") return [1, 0, "yes", "maybe", { b: value }, [value]];
  if (Array.isArray(value)) return ["list", 3, true, { "0": value[0] ?? "x" }];
  return ["object", 3, true];
}

const KINDS = [
  "unsafeKey",
  "extraKey",
  "wrongType",
  "tooLong",
  "hugeNumber",
  "nanString",
  "nullify",
  "arrayForObject",
  "oddString",
  "dropKey",
] as const;

/**
 * A body that is the valid `base` with exactly one thing changed: an operator, dotted or
 * prototype key, an unknown key, a wrong type, an over-long string, a huge or NaN-ish number,
 * a null, an array for an object, an odd unicode string, or a missing key. Each says whether
 * the contract must refuse it; the last two may be valid and only must not break the server.
 */
export function mutatedBody(base: Json, rules: BodyRules = {}): fc.Arbitrary<Mutation<Json>> {
  const nodes = walk(base);
  return fc
    .tuple(fc.constantFrom(...KINDS), fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 2 }))
    .map(([kind, pick, variant, junk]) => build(base, nodes, rules, kind, pick, variant, junk as Json));
}

function build(
  base: Json,
  nodes: Node[],
  rules: BodyRules,
  kind: (typeof KINDS)[number],
  pick: number,
  variant: number,
  junk: Json,
): Mutation<Json> {
  const choose = <T>(list: T[]): T => list[pick % list.length]!;
  const pickOf = <T>(list: T[]): T => list[variant % list.length]!;
  const objects = nodes.filter((n) => isObject(n.value));
  const strings = nodes.filter((n) => typeof n.value === "string");
  const numbers = nodes.filter((n) => typeof n.value === "number");
  const inner = nodes.filter((n) => n.path.length > 0);
  const strict = (path: Path): boolean => !under(rules.lenient, path);
  const result = (where: Path, mustRefuse: boolean, value: Json | undefined): Mutation<Json> => ({
    kind,
    where: pathText(where),
    mustRefuse,
    value: value === undefined ? {} : value,
  });

  switch (kind) {
    case "unsafeKey": {
      // Checked before any schema runs, everywhere in a body: always refused.
      const node = choose(objects);
      return result(node.path, true, addKeyAt(base, node.path, pickOf(UNSAFE_KEYS), junk));
    }
    case "extraKey": {
      const node = choose(objects);
      return result(node.path, strict(node.path), addKeyAt(base, node.path, "zz_fuzz_extra", "x"));
    }
    case "wrongType": {
      const node = choose(nodes);
      const value = pickOf(wrongTypes(node.value));
      return result(node.path, strict(node.path), replaceAt(base, node.path, value));
    }
    case "tooLong": {
      if (strings.length === 0) return build(base, nodes, rules, "extraKey", pick, variant, junk);
      const node = choose(strings);
      return result(node.path, strict(node.path), replaceAt(base, node.path, TOO_LONG));
    }
    case "hugeNumber":
    case "nanString": {
      if (numbers.length === 0) return build(base, nodes, rules, "wrongType", pick, variant, junk);
      const node = choose(numbers);
      const value = kind === "hugeNumber" ? pickOf(HUGE_NUMBERS) : pickOf(NAN_ISH);
      return result(node.path, strict(node.path), replaceAt(base, node.path, value));
    }
    case "nullify": {
      const node = choose(nodes.filter((n) => n.value !== null));
      const allowed = (rules.nullable ?? []).some((p) => matches(p, node.path));
      return result(node.path, strict(node.path) && !allowed, replaceAt(base, node.path, null));
    }
    case "arrayForObject": {
      const node = choose(objects);
      return result(node.path, strict(node.path), replaceAt(base, node.path, [node.value, 1]));
    }
    case "oddString": {
      if (strings.length === 0) return build(base, nodes, rules, "unsafeKey", pick, variant, junk);
      const node = choose(strings);
      const odd = variant % 5 === 0 && typeof junk === "string" ? junk : pickOf(ODD_STRINGS);
      return result(node.path, false, replaceAt(base, node.path, odd));
    }
    case "dropKey": {
      if (inner.length === 0) return build(base, nodes, rules, "extraKey", pick, variant, junk);
      const node = choose(inner);
      return result(node.path, false, replaceAt(base, node.path, undefined));
    }
  }
}

/** Query-string variants: unknown or bracketed operator keys, repeated keys, over-long or odd values. */
export function mutatedQuery(
  base: Record<string, string>,
  keys: string[],
): fc.Arbitrary<Mutation<Array<[string, string]>>> {
  const known = keys.length > 0 ? keys : ["q"];
  return fc
    .tuple(
      fc.constantFrom("unknownKey", "operatorKey", "repeatKey", "longValue", "oddValue", "randomValue"),
      fc.constantFrom(...known),
      fc.nat(),
      fc.string({ maxLength: 30, unit: "binary" }),
    )
    .map(([kind, key, variant, random]) => {
      const pairs: Array<[string, string]> = Object.entries(base);
      const set = (value: string): Array<[string, string]> => [
        ...pairs.filter(([k]) => k !== key),
        [key, value],
      ];
      const at = <T>(list: T[]): T => list[variant % list.length]!;
      switch (kind) {
        case "unknownKey":
          return { kind, where: "zz_fuzz", mustRefuse: true, value: [...pairs, ["zz_fuzz", "1"]] };
        case "operatorKey":
          return {
            kind,
            where: key,
            mustRefuse: true,
            value: [...pairs.filter(([k]) => k !== key), [`${key}[${at(UNSAFE_KEYS)}]`, "1"]],
          };
        case "repeatKey":
          return { kind, where: key, mustRefuse: true, value: [...set("1"), [key, "2"]] };
        case "longValue":
          return { kind, where: key, mustRefuse: true, value: set("9".repeat(5_000)) };
        case "oddValue":
          return { kind, where: key, mustRefuse: false, value: set(at(ODD_STRINGS)) };
        default:
          return { kind, where: key, mustRefuse: false, value: set(random) };
      }
    });
}

/** Serialises query pairs; odd values (lone surrogates) are sent as raw percent bytes. */
export function queryString(pairs: Array<[string, string]>): string {
  if (pairs.length === 0) return "";
  const encode = (s: string): string => {
    try {
      return encodeURIComponent(s);
    } catch {
      return [...Buffer.from(s, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
    }
  };
  return `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")}`;
}
