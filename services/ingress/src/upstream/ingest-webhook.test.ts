// How a body's dedupe claims are made: one claimAll per tenant the body names (a body may carry
// changes of several numbers, of different tenants), duplicates within and across bodies publish
// once, a failure releases exactly what this body claimed, and what a redelivery finds decides its
// answer: a confirmed claim is a duplicate, a provisional one is 503 until it is old enough to be
// taken over and published again (so a lost release or a crashed attempt never loses an item).
import { type AppError, createInMemoryEventBus, createLogger, type EventBus } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { decoded } from "../../test/support/decoded-records.ts";
import { createFakeUpstreamRouting } from "../../test/support/fake-upstream-routing.ts";
import { createInMemoryUpstreamDedupe } from "../../test/support/in-memory-upstream-dedupe.ts";
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import { HOSTED_NUMBER } from "../../test/support/upstream-fixtures.ts";
import type { PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { createClaimConfirmations } from "./claim-confirmations.ts";
import { createClaimsInFlight } from "./claims-in-flight.ts";
import { type IngestDeps, ingestWebhook } from "./ingest-webhook.ts";
import type { DedupeKey } from "./planned-event.ts";
import { dedupeIdOf, type TenantKeys, type UpstreamDedupe } from "./upstream-dedupe.ts";
import { parseWebhookBody } from "./webhook-payload.ts";

const OTHER_TENANT_NUMBER: PhoneNumberRecord = {
  ...HOSTED_NUMBER,
  tenantId: "tn_other",
  businessId: "200000000000002",
  phoneNumberId: "100000000000002",
};

const inbound = (id: string, from = "15557770001") => ({
  from,
  id,
  timestamp: "1760000000",
  type: "text",
  text: { body: "hi" },
});
const status = (id: string, value = "delivered") => ({
  id,
  status: value,
  timestamp: "1760000100",
  recipient_id: "15557770001",
});

function body(changes: { phoneNumberId: string; messages?: object[]; statuses?: object[] }[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      object: "whatsapp_business_account",
      // Each change under its number's own business account, as Meta sends it.
      entry: changes.map((c) => ({
        id:
          c.phoneNumberId === OTHER_TENANT_NUMBER.phoneNumberId
            ? OTHER_TENANT_NUMBER.businessId
            : HOSTED_NUMBER.businessId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { phone_number_id: c.phoneNumberId },
              contacts: [{ wa_id: "15557770001" }],
              ...(c.messages ? { messages: c.messages } : {}),
              ...(c.statuses ? { statuses: c.statuses } : {}),
            },
          },
        ],
      })),
    }),
  );
}

/** Records every call the ingest makes on the dedupe port. */
function recording(inner: UpstreamDedupe = createInMemoryUpstreamDedupe(), failFor?: string) {
  const claims: { tenantId: string; keys: readonly DedupeKey[] }[] = [];
  const releases: { tenantId: string; keys: readonly DedupeKey[] }[] = [];
  const confirms: (readonly TenantKeys[])[] = [];
  const dedupe: UpstreamDedupe = {
    async claimAll(tenantId, keys, options) {
      claims.push({ tenantId, keys });
      if (tenantId === failFor) throw new Error("store down");
      return inner.claimAll(tenantId, keys, options);
    },
    async confirmAll(batch) {
      confirms.push(batch);
      return inner.confirmAll(batch);
    },
    async releaseAll(tenantId, keys) {
      releases.push({ tenantId, keys });
      return inner.releaseAll(tenantId, keys);
    },
    prunePage: (cutoffMs, pageSize) => inner.prunePage(cutoffMs, pageSize),
  };
  return { dedupe, claims, releases, confirms };
}

const PUBLISH_TIMEOUT_MS = 1_000;
const TAKEOVER_MARGIN_MS = 5_000;

function deps(
  dedupe: UpstreamDedupe,
  bus: EventBus,
  messageIds: UpstreamMessageIds = createInMemoryUpstreamMessageIds(),
  now?: () => number,
): IngestDeps {
  const logger = createLogger({ service: "test", level: "silent" });
  return {
    routing: createFakeUpstreamRouting([HOSTED_NUMBER, OTHER_TENANT_NUMBER]),
    dedupe,
    claimsInFlight: createClaimsInFlight(),
    confirmations: createClaimConfirmations(dedupe, logger),
    bus,
    publishTimeoutMs: PUBLISH_TIMEOUT_MS,
    claimTakeoverMarginMs: TAKEOVER_MARGIN_MS,
    logger,
    countUnroutable: () => {},
    messageIds,
    ...(now ? { now } : {}),
  };
}

describe("webhook routing", () => {
  it("never delivers to a number of another business than the entry's (whose secret signed the body)", async () => {
    const bus = createInMemoryEventBus();
    const forged = JSON.parse(
      body([{ phoneNumberId: OTHER_TENANT_NUMBER.phoneNumberId, messages: [inbound("wamid.forged")] }]).toString(),
    );
    // Signed for the hosted business's app, naming the other tenant's number.
    forged.entry[0].id = HOSTED_NUMBER.businessId;
    const report = await ingestWebhook(
      parseWebhookBody(Buffer.from(JSON.stringify(forged))),
      deps(createInMemoryUpstreamDedupe(), bus),
    );
    expect(report).toEqual({ published: 0, duplicates: 0, unroutable: 1 });
    expect(decoded(bus)).toEqual([]);
  });
});

describe("webhook dedupe claims", () => {
  it("claims a body's items with one call per tenant, whatever the number of items", async () => {
    const { dedupe, claims } = recording();
    const bus = createInMemoryEventBus();
    const report = await ingestWebhook(
      parseWebhookBody(
        body([
          { phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound("wamid.a1"), inbound("wamid.a2")] },
          { phoneNumberId: OTHER_TENANT_NUMBER.phoneNumberId, statuses: [status("wamid.b1"), status("wamid.b2")] },
          { phoneNumberId: HOSTED_NUMBER.phoneNumberId, statuses: [status("wamid.a0", "read")] },
        ]),
      ),
      deps(dedupe, bus),
    );
    expect(report).toEqual({ published: 5, duplicates: 0, unroutable: 0 });
    expect(claims.map((c) => [c.tenantId, c.keys.map((k) => `${k.kind}:${k.wamid}:${k.status}`)])).toEqual([
      [HOSTED_NUMBER.tenantId, ["inbound:wamid.a1:", "inbound:wamid.a2:", "status:wamid.a0:read"]],
      [OTHER_TENANT_NUMBER.tenantId, ["status:wamid.b1:delivered", "status:wamid.b2:delivered"]],
    ]);
    // Each event carries the tenant of its own number, in the body's order.
    expect(decoded(bus).map((e) => [e.tenantId, e.data.messageId])).toEqual([
      [HOSTED_NUMBER.tenantId, "wamid.a1"],
      [HOSTED_NUMBER.tenantId, "wamid.a2"],
      [OTHER_TENANT_NUMBER.tenantId, "wamid.b1"],
      [OTHER_TENANT_NUMBER.tenantId, "wamid.b2"],
      [HOSTED_NUMBER.tenantId, "wamid.a0"],
    ]);
  });

  it("publishes an item repeated within a body, or in a later body, once", async () => {
    const dedupe = createInMemoryUpstreamDedupe();
    const bus = createInMemoryEventBus();
    const first = await ingestWebhook(
      parseWebhookBody(
        body([{ phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound("wamid.r1"), inbound("wamid.r1")] }]),
      ),
      deps(dedupe, bus),
    );
    expect(first).toEqual({ published: 1, duplicates: 1, unroutable: 0 });
    const again = await ingestWebhook(
      parseWebhookBody(
        body([{ phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound("wamid.r1"), inbound("wamid.r2")] }]),
      ),
      deps(dedupe, bus),
    );
    expect(again).toEqual({ published: 1, duplicates: 1, unroutable: 0 });
    expect(decoded(bus).map((e) => e.data.messageId)).toEqual(["wamid.r1", "wamid.r2"]);
  });

  it("keeps the same key of two tenants apart", async () => {
    const bus = createInMemoryEventBus();
    const report = await ingestWebhook(
      parseWebhookBody(
        body([
          { phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound("wamid.same")] },
          { phoneNumberId: OTHER_TENANT_NUMBER.phoneNumberId, messages: [inbound("wamid.same")] },
        ]),
      ),
      deps(createInMemoryUpstreamDedupe(), bus),
    );
    expect(report.published).toBe(2);
  });

  it("releases only this body's new claims when publishing fails, so Meta's retry gets through", async () => {
    const inner = createInMemoryUpstreamDedupe();
    const bus = createInMemoryEventBus();
    await ingestWebhook(
      parseWebhookBody(body([{ phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound("wamid.old")] }])),
      deps(inner, bus),
    );
    const { dedupe, releases } = recording(inner);
    const failing: EventBus = { ...bus, publish: async () => Promise.reject(new Error("broker down")) };
    const twoTenants = body([
      { phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound("wamid.old"), inbound("wamid.new")] },
      { phoneNumberId: OTHER_TENANT_NUMBER.phoneNumberId, messages: [inbound("wamid.other")] },
    ]);
    await expect(ingestWebhook(parseWebhookBody(twoTenants), deps(dedupe, failing))).rejects.toThrow("broker down");
    expect(releases.map((r) => [r.tenantId, r.keys.map((k) => k.wamid)])).toEqual([
      [HOSTED_NUMBER.tenantId, ["wamid.new"]],
      [OTHER_TENANT_NUMBER.tenantId, ["wamid.other"]],
    ]);
    expect(inner.size()).toBe(1);
    const retried = await ingestWebhook(parseWebhookBody(twoTenants), deps(inner, bus));
    expect(retried).toEqual({ published: 2, duplicates: 1, unroutable: 0 });
  });

  it("releases the other tenants' claims, and all keys of the failed call, when one claim call fails", async () => {
    const inner = createInMemoryUpstreamDedupe();
    const { dedupe, releases } = recording(inner, OTHER_TENANT_NUMBER.tenantId);
    const bus = createInMemoryEventBus();
    const twoTenants = body([
      { phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound("wamid.mine")] },
      { phoneNumberId: OTHER_TENANT_NUMBER.phoneNumberId, messages: [inbound("wamid.theirs")] },
    ]);
    await expect(ingestWebhook(parseWebhookBody(twoTenants), deps(dedupe, bus))).rejects.toThrow("store down");
    expect(bus.records).toHaveLength(0);
    expect(new Set(releases.map((r) => r.tenantId))).toEqual(
      new Set([HOSTED_NUMBER.tenantId, OTHER_TENANT_NUMBER.tenantId]),
    );
    expect(inner.size()).toBe(0);
  });

  it("translates Meta's ids with one lookup per tenant of the body", async () => {
    const inner = createInMemoryUpstreamMessageIds();
    await inner.rememberSent(HOSTED_NUMBER.tenantId, [{ upstreamId: "wamid.meta-1", messageId: "wamid.ours-1" }]);
    await inner.rememberSent(OTHER_TENANT_NUMBER.tenantId, [{ upstreamId: "wamid.meta-2", messageId: "wamid.ours-2" }]);
    const lookups: [string, readonly string[]][] = [];
    const messageIds: UpstreamMessageIds = {
      ...inner,
      ourIds: (tenantId, ids) => {
        lookups.push([tenantId, ids]);
        return inner.ourIds(tenantId, ids);
      },
    };
    const bus = createInMemoryEventBus();
    await ingestWebhook(
      parseWebhookBody(
        body([
          { phoneNumberId: HOSTED_NUMBER.phoneNumberId, statuses: [status("wamid.meta-1")] },
          { phoneNumberId: OTHER_TENANT_NUMBER.phoneNumberId, statuses: [status("wamid.meta-2")] },
          { phoneNumberId: HOSTED_NUMBER.phoneNumberId, statuses: [status("wamid.meta-1", "read")] },
        ]),
      ),
      deps(createInMemoryUpstreamDedupe(), bus, messageIds),
    );
    expect(lookups).toEqual([
      [HOSTED_NUMBER.tenantId, ["wamid.meta-1"]],
      [OTHER_TENANT_NUMBER.tenantId, ["wamid.meta-2"]],
    ]);
    expect(decoded(bus).map((e) => e.data.messageId)).toEqual(["wamid.ours-1", "wamid.ours-2", "wamid.ours-1"]);
  });
});

describe("webhook claims: provisional until confirmed", () => {
  const T0 = 1_760_000_000_000;
  const PAST_TAKEOVER = PUBLISH_TIMEOUT_MS + TAKEOVER_MARGIN_MS + 1;
  const one = (id: string) =>
    parseWebhookBody(body([{ phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound(id)] }]));
  const idOf = (wamid: string) => dedupeIdOf(HOSTED_NUMBER.tenantId, { kind: "inbound", wamid, status: "" });
  const failing = (bus: EventBus): EventBus => ({
    ...bus,
    publish: async () => Promise.reject(new Error("broker down")),
  });
  const unavailable = expect.objectContaining({ code: "unavailable" }) as unknown as AppError;

  it("republishes Meta's retry past the takeover cutoff when a failed publish could not release its claim", async () => {
    const inner = createInMemoryUpstreamDedupe();
    const { dedupe } = recording(inner);
    const stalled: UpstreamDedupe = {
      ...dedupe,
      releaseAll: async () => Promise.reject(new Error("store stalled")),
    };
    const bus = createInMemoryEventBus();
    await expect(
      ingestWebhook(
        one("wamid.lost"),
        deps(stalled, failing(bus), undefined, () => T0),
      ),
    ).rejects.toThrow("broker down");
    expect(inner.stateOf(idOf("wamid.lost"))).toEqual({ claimedAtMs: T0 });

    // Meta retries soon: the claim is provisional and young, maybe still publishing elsewhere.
    await expect(
      ingestWebhook(
        one("wamid.lost"),
        deps(inner, bus, undefined, () => T0 + 2_000),
      ),
    ).rejects.toEqual(unavailable);
    expect(decoded(bus)).toEqual([]);
    // Meta retries past the cutoff: the claim is taken over and the item published (before: 200, lost).
    const retried = await ingestWebhook(
      one("wamid.lost"),
      deps(inner, bus, undefined, () => T0 + PAST_TAKEOVER),
    );
    expect(retried).toEqual({ published: 1, duplicates: 0, unroutable: 0 });
    expect(decoded(bus).map((e) => e.data.messageId)).toEqual(["wamid.lost"]);
    expect(inner.stateOf(idOf("wamid.lost"))?.confirmedAtMs).toBeTypeOf("number");
    // And from then on it is a duplicate.
    const again = await ingestWebhook(
      one("wamid.lost"),
      deps(inner, bus, undefined, () => T0 + 10 * PAST_TAKEOVER),
    );
    expect(again).toEqual({ published: 0, duplicates: 1, unroutable: 0 });
    expect(decoded(bus)).toHaveLength(1);
  });

  it("answers 503, never 200, while a crashed attempt's claim is young, and publishes once it is past the cutoff", async () => {
    const dedupe = createInMemoryUpstreamDedupe();
    // An ingress killed between claiming and Kafka's acknowledgement: the claim, and nothing else.
    await dedupe.claimAll(HOSTED_NUMBER.tenantId, [{ kind: "inbound", wamid: "wamid.crash", status: "" }], {
      nowMs: T0,
      takeOverBeforeMs: T0 - PAST_TAKEOVER,
    });
    const bus = createInMemoryEventBus();
    const mixed = parseWebhookBody(
      body([
        { phoneNumberId: HOSTED_NUMBER.phoneNumberId, messages: [inbound("wamid.crash"), inbound("wamid.fresh")] },
      ]),
    );
    await expect(
      ingestWebhook(
        mixed,
        deps(dedupe, bus, undefined, () => T0 + PAST_TAKEOVER - 2),
      ),
    ).rejects.toEqual(unavailable);
    // The body's other item was published and confirmed meanwhile; the crashed one was not touched.
    expect(decoded(bus).map((e) => e.data.messageId)).toEqual(["wamid.fresh"]);
    expect(dedupe.stateOf(idOf("wamid.crash"))).toEqual({ claimedAtMs: T0 });

    const retried = await ingestWebhook(
      mixed,
      deps(dedupe, bus, undefined, () => T0 + PAST_TAKEOVER),
    );
    expect(retried).toEqual({ published: 1, duplicates: 1, unroutable: 0 });
    expect(decoded(bus).map((e) => e.data.messageId)).toEqual(["wamid.fresh", "wamid.crash"]);
  });

  it("answers a confirmed claim as a duplicate, publishing nothing, however old", async () => {
    const dedupe = createInMemoryUpstreamDedupe();
    const bus = createInMemoryEventBus();
    await ingestWebhook(
      one("wamid.done"),
      deps(dedupe, bus, undefined, () => T0),
    );
    expect(dedupe.stateOf(idOf("wamid.done"))?.confirmedAtMs).toBeTypeOf("number");
    for (const at of [T0 + 1, T0 + 100 * PAST_TAKEOVER]) {
      expect(
        await ingestWebhook(
          one("wamid.done"),
          deps(dedupe, bus, undefined, () => at),
        ),
      ).toEqual({
        published: 0,
        duplicates: 1,
        unroutable: 0,
      });
    }
    expect(decoded(bus)).toHaveLength(1);
  });

  it("confirms many bodies' claims in few writes, and answers without waiting for them", async () => {
    const inner = createInMemoryUpstreamDedupe();
    const { dedupe, confirms } = recording(inner);
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const slowConfirms: UpstreamDedupe = {
      ...dedupe,
      confirmAll: async (batch) => {
        await gate;
        return dedupe.confirmAll(batch);
      },
    };
    const bus = createInMemoryEventBus();
    const shared = deps(slowConfirms, bus, undefined, () => T0);
    const reports = await Promise.all(Array.from({ length: 10 }, (_, i) => ingestWebhook(one(`wamid.c${i}`), shared)));
    // Every body answered while the first confirmation write is still held.
    expect(reports.every((r) => r.published === 1)).toBe(true);
    expect(confirms).toHaveLength(0);
    openGate();
    await new Promise((resolve) => setImmediate(resolve));
    // One write for the first body, one for the nine acknowledged while it was outstanding.
    expect(confirms.map((batch) => batch.flatMap((c) => c.keys).length)).toEqual([1, 9]);
    expect(Array.from({ length: 10 }, (_, i) => inner.stateOf(idOf(`wamid.c${i}`))?.confirmedAtMs)).not.toContain(
      undefined,
    );
  });
});
