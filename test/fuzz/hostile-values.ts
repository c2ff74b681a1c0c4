// fast-check arbitraries of hostile input: the values, keys and raw JSON texts an attacker (or a
// broken client) sends — wrong types, huge strings, deep nesting, unicode edge cases, Mongo
// operators and dotted paths, prototype keys. Raw texts stand where a JS object cannot (duplicate
// keys, `__proto__` as a plain key, nesting deeper than JSON.stringify recurses).
import fc from "fast-check";

/** Strings that break naive length checks, renderers, regexes and byte counting. */
export const UNICODE_EDGES = [
  "\uD800", // lone high surrogate
  "\uDC00", // lone low surrogate
  "a\uD83Db", // a surrogate cut in half
  "\u202Egnp.exe", // right-to-left override
  "\u200B\u200C\u200D\uFEFF", // zero-width characters and a BOM
  "👨‍👩‍👧‍👦", // one grapheme, eleven UTF-16 units
  "🏳️‍🌈".repeat(200),
  "e\u0301".repeat(500), // combining accents
  "\u0000",
  "\r\n\t\u0085\u2028\u2029",
  "%00%2e%2e%2f",
  "../../etc/passwd",
  "{{1}}{{2}}{{999999}}",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the attack (log4shell).
  "${jndi:ldap://x}",
  "NaN",
  "-0",
  "1e309",
  "9".repeat(400),
];

export const HOSTILE_KEYS = [
  "$where",
  "$gt",
  "$ne",
  "$set",
  "$regex",
  "a.b",
  "tenantId",
  "tenant_id",
  "businessId",
  ".",
  "..",
  "__proto__",
  "constructor",
  "prototype",
  "",
  "\u0000",
  "\uD800",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...UNICODE_EDGES) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 64 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 64 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 70_000 }).map((n) => "x".repeat(n)) },
  // An edge case repeated to about 64 K UTF-16 units: long enough for every length limit.
  {
    weight: 1,
    arbitrary: fc.constantFrom(...UNICODE_EDGES).map((s) => s.repeat(Math.max(1, Math.floor(65_536 / s.length)))),
  },
);

/** A JSON value of the wrong kind, as text (so it may be deeper than a JS object could hold). */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map((s) => JSON.stringify(s)) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "null",
      "true",
      "false",
      "0",
      "-1",
      "1.5",
      "1e308",
      "-1e308",
      "123456789012345678901234567890",
      "[]",
      "{}",
      "[null]",
      '[""]',
      '{"":""}',
      '{"$gt":""}',
      '{"$where":"sleep(1000)"}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
      .map(([depth, arrays]) =>
        arrays ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
      ),
  },
  // Long arrays built from a length: fast-check's own array arbitrary would shrink-track each item.
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1_000, max: 20_000 })
      .map((n) => JSON.stringify(Array.from({ length: n }, (_, i) => i))),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null") },
  // Just over the 3 MB body limit (BODY_LIMIT_BYTES): refused whole, before any parsing.
  { weight: 1, arbitrary: fc.constant(`"${"x".repeat(3 * 1024 * 1024 + 1)}"`) },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: hostileString },
);
