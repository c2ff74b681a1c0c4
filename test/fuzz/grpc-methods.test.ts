// Hostile input on every method of the three gRPC services (their generated service definitions
// list the methods): bytes that are no protobuf, valid encodings cut short, messages over the
// receive limit, well-shaped requests with hostile field values, and calls without a scope token.
// Every call ends with a gRPC status — never UNKNOWN or INTERNAL from a handler (an unhandled
// error) — and the servers stay up. At least MIN_CASES cases run; the count is printed.
import { Client, Metadata, type ServiceError } from "@grpc/grpc-js";
import { scopeToMetadataEntries, type TenantScope } from "@switchboard/kit";
import { openTestClient } from "@switchboard/kit/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedGrpc, serveGrpcServices } from "../support/grpc-services.ts";
import { hostileString } from "./hostile-values.ts";

const MIN_CASES = 3_000;
const SEED = Date.now() % 2 ** 31;
const SCOPE: TenantScope = { tenantId: "tn_100000000000111", businessId: "200000000000001" };
/** grpc-js's default receive limit is 4 MiB: one byte more must be refused, not crash anything. */
const OVERSIZED = 4 * 1024 * 1024 + 1;
const NOT_SENT = -1;

interface MethodUnderTest {
  service: string;
  name: string;
  path: string;
  serverStream: boolean;
  /** A well-shaped request with every field at its default, from the generated codec. */
  encode(value: unknown): Buffer;
  defaults: Record<string, unknown>;
}

type GrpcCase =
  | { kind: "garbage"; bytes: Uint8Array }
  | { kind: "truncated"; fraction: number; values: unknown[] }
  | { kind: "oversized" }
  | { kind: "hostile-fields"; values: unknown[] }
  | { kind: "no-scope"; values: unknown[] }
  | { kind: "hostile-scope"; tenantId: string; businessId: string };

const fieldValue = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(undefined));
const caseArb: fc.Arbitrary<GrpcCase> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("garbage" as const), bytes: fc.uint8Array({ maxLength: 2048 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("truncated" as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      values: fc.array(fieldValue, { maxLength: 12 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "oversized" as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("hostile-fields" as const),
      values: fc.array(fieldValue, { maxLength: 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("no-scope" as const), values: fc.array(fieldValue, { maxLength: 12 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("hostile-scope" as const),
      tenantId: hostileString,
      businessId: hostileString,
    }),
  },
);

/** The defaults with hostile values where the types allow (string for string, number for number…). */
function withValues(defaults: Record<string, unknown>, values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  Object.keys(out).forEach((key, i) => {
    const value = values[i % Math.max(values.length, 1)];
    const current = out[key];
    if (value === undefined) return;
    if (typeof current === typeof value) out[key] = value;
    else if (typeof current === "number" && typeof value === "number") out[key] = value;
    else if (Array.isArray(current) && typeof value === "string") out[key] = [value, value];
  });
  return out;
}

/** A value the codec cannot take (a fraction where an int32 goes) falls back to the defaults. */
function encoded(method: MethodUnderTest, values: readonly unknown[]): Buffer {
  try {
    return method.encode(withValues(method.defaults, values));
  } catch {
    return method.encode(method.defaults);
  }
}

function bytesOf(method: MethodUnderTest, test: GrpcCase): Buffer {
  switch (test.kind) {
    case "garbage":
      return Buffer.from(test.bytes);
    case "oversized":
      return Buffer.alloc(OVERSIZED, 0x0a);
    case "truncated": {
      const whole = encoded(method, test.values);
      return whole.subarray(0, Math.floor(whole.length * test.fraction));
    }
    case "hostile-scope":
      return method.encode(method.defaults);
    default:
      return encoded(method, test.values);
  }
}

describe("hostile input on every gRPC method", () => {
  let served: ServedGrpc;
  let methods: MethodUnderTest[];
  const clients = new Map<string, Client>();
  beforeAll(async () => {
    served = await serveGrpcServices();
    methods = served.bindings.flatMap((binding) =>
      Object.entries(binding.definition).map(([name, def]) => {
        const codec = def as unknown as {
          path: string;
          responseStream: boolean;
          requestSerialize: (value: unknown) => Buffer;
          requestDeserialize: (bytes: Buffer) => Record<string, unknown>;
        };
        return {
          service: binding.name,
          name,
          path: codec.path,
          serverStream: codec.responseStream,
          encode: codec.requestSerialize,
          defaults: codec.requestDeserialize(Buffer.alloc(0)),
        };
      }),
    );
    for (const [service, address] of served.addresses) clients.set(service, openTestClient(Client, address));
  });
  afterAll(async () => {
    for (const client of clients.values()) client.close();
    await served.stop();
  });

  const call = (method: MethodUnderTest, bytes: Buffer, scope: TenantScope | undefined) =>
    new Promise<{ code: number; details: string }>((resolve) => {
      const client = clients.get(method.service) as Client;
      const metadata = new Metadata();
      try {
        if (scope) for (const [k, v] of Object.entries(scopeToMetadataEntries(scope))) metadata.set(k, v);
      } catch {
        // grpc-js refuses the value as metadata (not printable ASCII): nothing is sent.
        resolve({ code: NOT_SENT, details: "" });
        return;
      }
      const identity = (b: Buffer) => b;
      const deadline = new Date(Date.now() + 10_000);
      try {
        if (!method.serverStream) {
          client.makeUnaryRequest(
            method.path,
            identity,
            identity,
            bytes,
            metadata,
            { deadline },
            (error: ServiceError | null) => resolve({ code: error?.code ?? 0, details: error?.details ?? "" }),
          );
          return;
        }
      } catch {
        // The client's signing interceptor refuses to mint a token for a malformed scope: not sent.
        resolve({ code: NOT_SENT, details: "" });
        return;
      }
      let stream: ReturnType<Client["makeServerStreamRequest"]>;
      try {
        stream = client.makeServerStreamRequest(method.path, identity, identity, bytes, metadata, { deadline });
      } catch {
        resolve({ code: NOT_SENT, details: "" });
        return;
      }
      stream.on("data", () => {
        // A watch that opened is working; closing it is ours, not a failure.
        stream.cancel();
      });
      stream.on("error", () => {});
      stream.on("status", (status: { code: number; details: string }) => resolve(status));
      // A stream that opened and sends nothing yet: a bounded look, then we hang up. Not for a
      // call without a scope: the guard answers it (UNAUTHENTICATED) before any handler, and on a
      // loaded machine that answer can take longer than the look (it would read as CANCELLED).
      if (scope !== undefined) setTimeout(() => stream.cancel(), 200).unref();
    });

  it("answers every case with a gRPC status, never UNKNOWN or INTERNAL", async () => {
    console.log(`grpc fuzz: methods: ${methods.map((m) => `${m.service.split(".").at(-1)}.${m.name}`).join(", ")}`);
    // A margin: hostile scopes the client refuses to send are not counted.
    const perMethod = Math.ceil((MIN_CASES / methods.length) * 1.25);
    const failures = new Map<string, number>();
    let cases = 0;
    let notSent = 0;
    const codes = new Map<number, number>();
    for (const [index, method] of methods.entries()) {
      await fc.assert(
        fc.asyncProperty(caseArb, async (test) => {
          const scope =
            test.kind === "no-scope"
              ? undefined
              : test.kind === "hostile-scope"
                ? { tenantId: test.tenantId, businessId: test.businessId }
                : SCOPE;
          const status = await call(method, bytesOf(method, test), scope);
          if (status.code === NOT_SENT) {
            notSent += 1;
            return;
          }
          cases += 1;
          codes.set(status.code, (codes.get(status.code) ?? 0) + 1);
          // grpc-js itself answers bytes that are no protobuf with INTERNAL before any handler
          // runs; that is the transport's answer, not an unhandled error of ours.
          const undecodable = status.code === 13 && status.details.startsWith("Error deserializing request");
          if ((status.code === 2 || status.code === 13) && !undecodable) {
            const key = `${method.name} | ${test.kind} | ${status.code} ${status.details.replace(/[0-9]+/g, "N").slice(0, 160)}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
          if (test.kind === "no-scope" && status.code !== 16)
            failures.set(`${method.name} | no-scope answered ${status.code}`, 1);
        }),
        { numRuns: perMethod, seed: SEED + index },
      );
    }
    const failed = [...failures.values()].reduce((n, c) => n + c, 0);
    console.log(
      `grpc fuzz: ${cases.toLocaleString("en-US")} cases over ${methods.length} methods, ${failed} failures ` +
        `(seed ${SEED}; ${notSent} hostile scopes the client refused to send, not counted)`,
    );
    console.log(
      `grpc fuzz: status codes: ${[...codes]
        .sort((x, y) => x[0] - y[0])
        .map(([c, n]) => `${c}×${n}`)
        .join(" ")}`,
    );
    for (const [key, count] of failures) console.log(`  ${count}× ${key}`);
    expect(cases).toBeGreaterThanOrEqual(MIN_CASES);
    expect([...failures.keys()]).toEqual([]);
  }, 600_000);
});
