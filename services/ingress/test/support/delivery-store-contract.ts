// Behaviour every DeliveryStore adapter must show, written once and run against each adapter: the
// in-memory one in unit tests (src/business-webhooks/delivery-store.test.ts), the Mongo one in the
// integration tests (test/store-contracts.int.test.ts). Claims and the parked listing span every
// tenant, so each case gets a store of its own (an empty database for the Mongo adapter).
import { randomUUID } from "node:crypto";
import type { TenantScope } from "@switchboard/kit";
import { beforeEach, describe, expect, it } from "vitest";
import type { Delivery, DeliveryStore, NewDelivery } from "../../src/business-webhooks/delivery-store.ts";

const NOW = 1_000_000;
const LEASE = 30_000;
const freshTenant = (): TenantScope => ({ tenantId: `t-${randomUUID()}`, businessId: "b1" });
const aDelivery = (deliveryId: string, overrides: Partial<NewDelivery> = {}): NewDelivery => ({
  deliveryId,
  eventType: "messages",
  phoneNumberId: "p1",
  changeJson: JSON.stringify({ field: "messages", value: { messages: [{ id: deliveryId }] } }),
  ...overrides,
});
const changeAbout = (customer: string) =>
  JSON.stringify({ field: "messages", value: { contacts: [{ wa_id: customer }], messages: [{ from: customer }] } });
const idsOf = (deliveries: readonly Delivery[]) => deliveries.map((d) => d.deliveryId).sort();

export interface DeliveryStoreUnderTest {
  store: DeliveryStore;
  /** Documents in the work queue the claim rounds scan (pending and parked; not delivered markers). */
  queueSize(): Promise<number>;
}

export interface DeliveryStoreTestOptions {
  /** Runs between markDelivered's marker writes and the removal from the work queue. */
  afterMarkers?: () => Promise<void>;
}

export function describeDeliveryStoreContract(
  adapter: string,
  makeStore: (options: DeliveryStoreTestOptions) => Promise<DeliveryStoreUnderTest>,
): void {
  describe(`DeliveryStore contract: ${adapter}`, () => {
    let store: DeliveryStore;
    let queueSize: () => Promise<number>;
    /** Set by a case to crash the next markDelivered between its two writes. */
    let crashAfterMarkers = false;
    beforeEach(async () => {
      crashAfterMarkers = false;
      ({ store, queueSize } = await makeStore({
        afterMarkers: async () => {
          if (!crashAfterMarkers) return;
          crashAfterMarkers = false;
          throw new Error("crashed between the marker insert and the queue delete");
        },
      }));
    });

    /** Enqueues, claims and parks: the delivery is then parked, its dead letter unpublished. */
    const park = async (scope: TenantScope, deliveryId: string, atMs: number, delivery = aDelivery(deliveryId)) => {
      await store.enqueue(scope, delivery, atMs);
      const claimed = await store.claimDue(`park-${deliveryId}`, atMs, LEASE, 100, [scope]);
      expect(idsOf(claimed)).toEqual([deliveryId]);
      expect(await store.park(scope, deliveryId, `park-${deliveryId}`, atMs + 1, "HTTP 503")).toBe(true);
    };

    it("queues a delivery once, due now, and hands it out whole", async () => {
      const scope = freshTenant();
      expect(await store.enqueue(scope, aDelivery("d1"), NOW)).toEqual({ created: true });
      // A redelivered record, even with other content, leaves the first alone.
      expect(await store.enqueue(scope, aDelivery("d1", { changeJson: "{}" }), NOW + 5)).toEqual({ created: false });
      expect(await store.claimDue("w1", NOW, LEASE, 10)).toEqual([
        {
          ...aDelivery("d1"),
          tenantId: scope.tenantId,
          businessId: scope.businessId,
          state: "pending",
          attempts: 0,
          createdAtMs: NOW,
          windowStartMs: NOW,
          nextAttemptAtMs: NOW,
          lastError: "",
          parkedAtMs: 0,
          parkedPublished: false,
        },
      ]);
      // The same id in another tenant is another delivery.
      expect(await store.enqueue(freshTenant(), aDelivery("d1"), NOW)).toEqual({ created: true });
    });

    it("queues a batch of several tenants and businesses in one call, each delivery once", async () => {
      const a = freshTenant();
      const b = { ...a, businessId: "b2" };
      const other = freshTenant();
      const created = await store.enqueueMany(
        [
          { scope: a, delivery: aDelivery("d1") },
          { scope: b, delivery: aDelivery("d2") },
          { scope: other, delivery: aDelivery("d1") }, // the same id in another tenant: another delivery
          { scope: a, delivery: aDelivery("d1", { changeJson: "{}" }) }, // a repeat within the batch
          { scope: a, delivery: aDelivery("d3") },
        ],
        NOW,
      );
      expect(created).toEqual([
        { created: true },
        { created: true },
        { created: true },
        { created: false },
        { created: true },
      ]);
      const claimed = await store.claimDue("w1", NOW, LEASE, 10);
      expect(claimed.map((d) => `${d.tenantId}/${d.businessId}/${d.deliveryId}`).sort()).toEqual(
        [`${a.tenantId}/b1/d1`, `${a.tenantId}/b1/d3`, `${a.tenantId}/b2/d2`, `${other.tenantId}/b1/d1`].sort(),
      );
      // The first item of a repeated id is the one queued, whole and due now.
      expect(claimed.find((d) => d.tenantId === a.tenantId && d.deliveryId === "d1")).toEqual({
        ...aDelivery("d1"),
        ...a,
        state: "pending",
        attempts: 0,
        createdAtMs: NOW,
        windowStartMs: NOW,
        nextAttemptAtMs: NOW,
        lastError: "",
        parkedAtMs: 0,
        parkedPublished: false,
      });
      expect(await store.enqueueMany([], NOW)).toEqual([]);
    });

    it("creates nothing in a batch for a delivery already pending, parked or delivered", async () => {
      const scope = freshTenant();
      await park(scope, "parked", NOW);
      for (const id of ["pending", "delivered"]) await store.enqueue(scope, aDelivery(id), NOW);
      await store.claimDue("w1", NOW, LEASE, 10);
      await store.markDelivered(scope, ["delivered"], NOW + 1);
      const created = await store.enqueueMany(
        ["pending", "parked", "delivered", "new", "delivered"].map((id) => ({
          scope,
          delivery: aDelivery(id, { changeJson: "{}" }),
        })),
        NOW + 2,
      );
      expect(created).toEqual([
        { created: false },
        { created: false },
        { created: false },
        { created: true },
        { created: false },
      ]);
      // The earlier ones are left alone: the parked one stays parked, the delivered one is not due.
      expect(idsOf(await store.listParked(scope, 10, ""))).toEqual(["parked"]);
      const due = await store.claimDue("w2", NOW + LEASE, LEASE, 10);
      expect(idsOf(due)).toEqual(["new", "pending"]);
      expect(due.find((d) => d.deliveryId === "pending")?.changeJson).toBe(aDelivery("pending").changeJson);
      expect(await queueSize()).toBe(3);
    });

    it("claims what is due, earliest first and at most `limit`, once per lease", async () => {
      const scope = freshTenant();
      for (const [id, at] of [
        ["late", NOW + 10],
        ["early", NOW - 10],
        ["middle", NOW],
      ] as const) {
        await store.enqueue(scope, aDelivery(id), at);
      }
      expect(await store.claimDue("w1", NOW - 20, LEASE, 10)).toEqual([]);
      expect(idsOf(await store.claimDue("w1", NOW, LEASE, 1))).toEqual(["early"]);
      expect(idsOf(await store.claimDue("w2", NOW, LEASE, 10))).toEqual(["middle"]);
      expect(idsOf(await store.claimDue("w3", NOW + 10, LEASE, 10))).toEqual(["late"]);
      // Inside the leases nothing more; after the first one ends, its delivery is claimable again.
      expect(await store.claimDue("w4", NOW + 20, LEASE, 10)).toEqual([]);
      expect(idsOf(await store.claimDue("w5", NOW + LEASE, LEASE, 10))).toEqual(["early", "middle"]);
    });

    it("splits due deliveries between racing claimers without overlap", async () => {
      const scopes = [freshTenant(), freshTenant()];
      for (let i = 0; i < 20; i++) await store.enqueue(scopes[i % 2] as TenantScope, aDelivery(`d${i}`), NOW);
      const rounds = await Promise.all(
        Array.from({ length: 4 }, (_, i) => store.claimDue(`token-${i}`, NOW, LEASE, 6)),
      );
      const claimed = rounds.flat().map((d) => `${d.tenantId}/${d.deliveryId}`);
      expect(new Set(claimed).size).toBe(claimed.length);
      const rest = await store.claimDue("late", NOW, LEASE, 100);
      expect(claimed.length + rest.length).toBe(20);
    });

    it("shares a round between businesses: a large backlog leaves room for the others", async () => {
      const flooded = freshTenant();
      const quiet = freshTenant();
      // The flooded business's deliveries are older: oldest-first alone would hand out only those.
      for (let i = 0; i < 30; i++)
        await store.enqueue(flooded, aDelivery(`f${String(i).padStart(2, "0")}`), NOW - 100 + i);
      for (let i = 0; i < 3; i++) await store.enqueue(quiet, aDelivery(`q${i}`), NOW);
      const round = await store.claimDue("w1", NOW, LEASE, 10);
      expect(idsOf(round.filter((d) => d.tenantId === quiet.tenantId))).toEqual(["q0", "q1", "q2"]);
      expect(idsOf(round.filter((d) => d.tenantId === flooded.tenantId))).toEqual([
        "f00",
        "f01",
        "f02",
        "f03",
        "f04",
        "f05",
        "f06",
      ]);
      // With a cap per business, the flooded one gets no more than the cap even with room left.
      const capped = await store.claimDue("w2", NOW + LEASE, LEASE, 10, [], 4);
      expect(capped.filter((d) => d.tenantId === flooded.tenantId)).toHaveLength(4);
      expect(capped.filter((d) => d.tenantId === quiet.tenantId)).toHaveLength(3);
    });

    it("samples what is due, free or of an expedited business, up to its limit, claiming nothing", async () => {
      const scope = freshTenant();
      const hurried = freshTenant();
      await store.enqueue(scope, aDelivery("due"), NOW);
      await store.enqueue(scope, aDelivery("later"), NOW + 50);
      await store.enqueue(hurried, aDelivery("backing-off"), NOW + 50);
      await store.enqueue(scope, aDelivery("leased"), NOW);
      await store.claimKnown("holder", NOW, LEASE, [{ scope, deliveryId: "leased" }]);
      const sample = await store.dueSample(NOW, 10, [hurried]);
      expect(sample.sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : 1))).toEqual([
        { scope: hurried, deliveryId: "backing-off", dueAtMs: NOW + 50 },
        { scope, deliveryId: "due", dueAtMs: NOW },
      ]);
      expect(await store.dueSample(NOW, 1, [hurried])).toHaveLength(1);
      // Nothing was claimed: the sampled ones are still there to claim.
      expect(idsOf(await store.claimKnown("w1", NOW, LEASE, sample, [hurried]))).toEqual(["backing-off", "due"]);
    });

    it("claims known deliveries by key: only those due, free and of the named business, once per lease", async () => {
      const scope = freshTenant();
      const other = { tenantId: scope.tenantId, businessId: "b2" };
      await store.enqueue(scope, aDelivery("due"), NOW);
      await store.enqueue(scope, aDelivery("later"), NOW + 50);
      await store.enqueue(other, aDelivery("theirs"), NOW);
      const ref = (deliveryId: string, of: TenantScope = scope) => ({ scope: of, deliveryId });
      const refs = [ref("missing"), ref("later"), ref("due"), ref("theirs")];
      // "theirs" is named with the wrong business: nothing, however it is asked for.
      expect(idsOf(await store.claimKnown("w1", NOW, LEASE, refs))).toEqual(["due"]);
      expect(await store.claimKnown("w2", NOW + 1, LEASE, refs)).toEqual([]); // leased to w1
      expect(idsOf(await store.claimKnown("w3", NOW + 50, LEASE, refs))).toEqual(["later"]);
      expect(idsOf(await store.claimKnown("w4", NOW + 1, LEASE, [ref("theirs", other)]))).toEqual(["theirs"]);
      // Racing claimers of the same refs win each delivery once.
      for (let i = 0; i < 10; i++) await store.enqueue(scope, aDelivery(`r${i}`), NOW);
      const racing = Array.from({ length: 10 }, (_, i) => ref(`r${i}`));
      const rounds = await Promise.all([0, 1, 2].map((i) => store.claimKnown(`race-${i}`, NOW, LEASE, racing)));
      expect(idsOf(rounds.flat())).toEqual(racing.map((r) => r.deliveryId).sort());
    });

    it("claims a known backing-off delivery of an expedited business, never a delivered one", async () => {
      const scope = freshTenant();
      for (const id of ["d1", "d2"]) await store.enqueue(scope, aDelivery(id), NOW);
      await store.claimDue("first", NOW, LEASE, 10);
      await store.reschedule(scope, "first", [{ deliveryId: "d1", atMs: NOW + 60_000 }], "HTTP 503");
      await store.markDelivered(scope, ["d2"], NOW + 1);
      const refs = ["d1", "d2"].map((deliveryId) => ({ scope, deliveryId }));
      expect(await store.claimKnown("w1", NOW + 2, LEASE, refs)).toEqual([]);
      const claimed = await store.claimKnown("w2", NOW + 2, LEASE, refs, [scope]);
      expect(claimed).toMatchObject([{ deliveryId: "d1", attempts: 1, lastError: "HTTP 503" }]);
    });

    it("counts pending deliveries per business", async () => {
      const a = freshTenant();
      const b = freshTenant();
      for (const id of ["d1", "d2", "d3"]) await store.enqueue(a, aDelivery(id), NOW);
      await store.enqueue(b, aDelivery("d1"), NOW);
      await store.claimDue("w1", NOW, LEASE, 10);
      await store.markDelivered(a, ["d1"], NOW + 1);
      const counts = await store.pendingCounts();
      expect(counts.sort((x, y) => (x.pending < y.pending ? 1 : -1))).toEqual([
        { scope: a, pending: 2 },
        { scope: b, pending: 1 },
      ]);
    });

    it("counts a backing-off delivery of an expedited business as due", async () => {
      const hurried = freshTenant();
      const other = freshTenant();
      for (const scope of [hurried, other]) {
        await store.enqueue(scope, aDelivery("d1"), NOW);
        await store.claimDue(`first-${scope.tenantId}`, NOW, LEASE, 10, [scope]);
        await store.reschedule(
          scope,
          `first-${scope.tenantId}`,
          [{ deliveryId: "d1", atMs: NOW + 60_000 }],
          "HTTP 503",
        );
      }
      const claimed = await store.claimDue("w1", NOW + 1, LEASE, 10, [hurried]);
      expect(claimed.map((d) => d.tenantId)).toEqual([hurried.tenantId]);
      expect(claimed[0]).toMatchObject({ attempts: 1, lastError: "HTTP 503", nextAttemptAtMs: NOW + 60_000 });
    });

    it("reschedules only for the lease holder of the delivery's own business", async () => {
      const scope = freshTenant();
      await store.enqueue(scope, aDelivery("d1"), NOW);
      await store.claimDue("holder", NOW, LEASE, 10);
      await store.reschedule(scope, "not-the-holder", [{ deliveryId: "d1", atMs: NOW + 5_000 }], "stale");
      await store.reschedule(
        { ...scope, tenantId: "t-other" },
        "holder",
        [{ deliveryId: "d1", atMs: NOW + 5_000 }],
        "wrong tenant",
      );
      await store.reschedule(
        { ...scope, businessId: "b-other" },
        "holder",
        [{ deliveryId: "d1", atMs: NOW + 5_000 }],
        "wrong business",
      );
      expect(await store.claimDue("w2", NOW + 1, LEASE, 10)).toEqual([]);
      expect(await store.claimDue("w3", NOW + LEASE, LEASE, 10)).toMatchObject([{ attempts: 0, lastError: "" }]);

      await store.reschedule(scope, "w3", [{ deliveryId: "d1", atMs: NOW + LEASE + 5_000 }], "HTTP 500");
      // Released: due again at the new time, not before, and the lease is gone.
      expect(await store.claimDue("w4", NOW + LEASE + 4_999, LEASE, 10)).toEqual([]);
      expect(await store.claimDue("w5", NOW + LEASE + 5_000, LEASE, 10)).toMatchObject([
        {
          deliveryId: "d1",
          state: "pending",
          attempts: 1,
          lastError: "HTTP 500",
          nextAttemptAtMs: NOW + LEASE + 5_000,
        },
      ]);
    });

    it("reschedules a round's failures in one call, each at its own time, only those the token holds", async () => {
      const scope = freshTenant();
      for (const id of ["d1", "d2", "d3"]) await store.enqueue(scope, aDelivery(id), NOW);
      expect(idsOf(await store.claimDue("holder", NOW, LEASE, 2))).toEqual(["d1", "d2"]);
      expect(idsOf(await store.claimDue("other", NOW, LEASE, 10))).toEqual(["d3"]);
      await store.reschedule(
        scope,
        "holder",
        [
          { deliveryId: "d1", atMs: NOW + 1_000 },
          { deliveryId: "d2", atMs: NOW + 2_000 },
          { deliveryId: "d3", atMs: NOW + 1_000 }, // held by "other": left alone
        ],
        "HTTP 503",
      );
      expect(await store.claimDue("w1", NOW + 999, LEASE, 10)).toEqual([]);
      expect(await store.claimDue("w2", NOW + 1_000, LEASE, 10)).toMatchObject([
        { deliveryId: "d1", attempts: 1, lastError: "HTTP 503", nextAttemptAtMs: NOW + 1_000 },
      ]);
      expect(await store.claimDue("w3", NOW + 2_000, LEASE, 10)).toMatchObject([
        { deliveryId: "d2", attempts: 1, nextAttemptAtMs: NOW + 2_000 },
      ]);
      expect(await store.claimDue("w4", NOW + LEASE, LEASE, 10)).toMatchObject([
        { deliveryId: "d3", attempts: 0, lastError: "" },
      ]);
    });

    it("parks only for the lease holder, lists parked deliveries per business and in pages", async () => {
      const scope = freshTenant();
      await store.enqueue(scope, aDelivery("d1"), NOW);
      await store.claimDue("holder", NOW, LEASE, 10);
      expect(await store.park(scope, "d1", "not-the-holder", NOW + 1, "HTTP 503")).toBe(false);
      expect(await store.park({ ...scope, businessId: "b-other" }, "d1", "holder", NOW + 1, "HTTP 503")).toBe(false);
      expect(await store.listParked(scope, 10, "")).toEqual([]);
      expect(await store.park(scope, "d1", "holder", NOW + 2, "HTTP 503")).toBe(true);
      expect(await store.park(scope, "d1", "holder", NOW + 3, "HTTP 503")).toBe(false);
      expect(await store.listParked(scope, 10, "")).toEqual([
        expect.objectContaining({
          deliveryId: "d1",
          state: "parked",
          attempts: 1,
          parkedAtMs: NOW + 2,
          parkedPublished: false,
          lastError: "HTTP 503",
        }),
      ]);
      // Parked is not due, even after the lease.
      expect(await store.claimDue("w2", NOW + LEASE, LEASE, 10, [scope])).toEqual([]);

      for (const id of ["d3", "d2"]) await park(scope, id, NOW);
      await park(freshTenant(), "d9", NOW);
      expect(idsOf(await store.listParked(scope, 2, ""))).toEqual(["d1", "d2"]);
      expect(idsOf(await store.listParked(scope, 2, "d2"))).toEqual(["d3"]);
      expect(await store.listParked({ ...scope, businessId: "b-other" }, 10, "")).toEqual([]);
    });

    it("flags the dead letter of one parking published, not a later parking's", async () => {
      const scope = freshTenant();
      const other = freshTenant();
      await park(scope, "d1", NOW);
      await park(other, "d1", NOW);
      expect((await store.listUnpublishedParked(10)).map((d) => d.tenantId).sort()).toEqual(
        [scope.tenantId, other.tenantId].sort(),
      );
      expect(await store.listUnpublishedParked(1)).toHaveLength(1);
      await store.markParkedPublished(scope, "d1", NOW + 999); // not this parking
      await store.markParkedPublished({ ...scope, businessId: "b-other" }, "d1", NOW + 1);
      expect(await store.listUnpublishedParked(10)).toHaveLength(2);
      await store.markParkedPublished(scope, "d1", NOW + 1);
      expect((await store.listUnpublishedParked(10)).map((d) => d.tenantId)).toEqual([other.tenantId]);
      expect((await store.listParked(scope, 10, ""))[0]).toMatchObject({ parkedPublished: true });

      // Replayed and parked again: the new parking's dead letter is unpublished.
      await store.replay(scope, NOW + 10, "d1");
      await store.claimDue("again", NOW + 10, LEASE, 10, [scope]);
      expect(await store.park(scope, "d1", "again", NOW + 11, "HTTP 503")).toBe(true);
      expect((await store.listUnpublishedParked(10)).map((d) => d.tenantId).sort()).toEqual(
        [scope.tenantId, other.tenantId].sort(),
      );
    });

    it("replays one or all of a business's parked deliveries with a fresh retry window", async () => {
      const scope = freshTenant();
      for (const id of ["d1", "d2", "d3"]) await park(scope, id, NOW);
      expect(await store.replay({ ...scope, businessId: "b-other" }, NOW + 100)).toBe(0);
      expect(await store.replay({ ...scope, tenantId: "t-other" }, NOW + 100, "d1")).toBe(0);
      expect(await store.replay(scope, NOW + 100, "d1")).toBe(1);
      expect(await store.replay(scope, NOW + 100, "d1")).toBe(0);
      expect(idsOf(await store.listParked(scope, 10, ""))).toEqual(["d2", "d3"]);
      expect(await store.claimDue("w1", NOW + 100, LEASE, 10)).toEqual([
        expect.objectContaining({
          deliveryId: "d1",
          state: "pending",
          attempts: 0,
          createdAtMs: NOW,
          windowStartMs: NOW + 100,
          nextAttemptAtMs: NOW + 100,
          parkedAtMs: 0,
        }),
      ]);
      expect(await store.replay(scope, NOW + 200)).toBe(2);
      expect(await store.listParked(scope, 10, "")).toEqual([]);
      expect(idsOf(await store.claimDue("w2", NOW + 200, LEASE, 10))).toEqual(["d2", "d3"]);
    });

    it("keeps a delivered marker that recognises a redelivery until it is purged", async () => {
      const scope = freshTenant();
      await park(scope, "parked", NOW);
      for (const id of ["d1", "d2", "d3"]) await store.enqueue(scope, aDelivery(id), NOW);
      expect(idsOf(await store.claimDue("w1", NOW, LEASE, 10))).toEqual(["d1", "d2", "d3"]);
      await store.markDelivered({ ...scope, businessId: "b-other" }, ["d3"], NOW + 1);
      await store.markDelivered(scope, ["d1", "d2", "parked"], NOW + 1);
      await store.markDelivered(scope, ["d2"], NOW + 5_000); // a second report changes nothing
      // Delivered is never due again; the parked one was not delivered; d3 is still owed.
      expect(idsOf(await store.claimDue("w2", NOW + LEASE, LEASE, 10, [scope]))).toEqual(["d3"]);
      expect(idsOf(await store.listParked(scope, 10, ""))).toEqual(["parked"]);
      expect(await store.enqueue(scope, aDelivery("d1"), NOW + 2)).toEqual({ created: false });

      await store.purgeDelivered(NOW + 1); // markers of NOW + 1 are not older than that
      expect(await store.enqueue(scope, aDelivery("d2"), NOW + 2)).toEqual({ created: false });
      await store.purgeDelivered(NOW + 2);
      expect(await store.enqueue(scope, aDelivery("d1"), NOW + 3)).toEqual({ created: true });
      expect(await store.enqueue(scope, aDelivery("d2"), NOW + 3)).toEqual({ created: true });
      // Owed and parked deliveries are never purged.
      expect(await store.enqueue(scope, aDelivery("d3"), NOW + 3)).toEqual({ created: false });
      expect(idsOf(await store.listParked(scope, 10, ""))).toEqual(["parked"]);
    });

    it("takes a delivered delivery out of the work queue; its redelivered record creates nothing", async () => {
      const scope = freshTenant();
      await park(scope, "parked", NOW);
      for (const id of ["d1", "d2", "d3"]) await store.enqueue(scope, aDelivery(id), NOW);
      expect(await queueSize()).toBe(4);
      await store.claimDue("w1", NOW, LEASE, 10);
      await store.markDelivered(scope, ["d1", "d2"], NOW + 1);
      // Only the owed and the parked delivery are left for the rounds to scan.
      expect(await queueSize()).toBe(2);
      expect(await store.pendingCounts()).toEqual([{ scope, pending: 1 }]);
      expect(await store.enqueue(scope, aDelivery("d1"), NOW + 2)).toEqual({ created: false });
      expect(await store.enqueue(scope, aDelivery("d2", { changeJson: "{}" }), NOW + 2)).toEqual({ created: false });
      expect(await queueSize()).toBe(2);
      expect(idsOf(await store.claimDue("w2", NOW + LEASE, LEASE, 10))).toEqual(["d3"]);
      // The same ids in another tenant are other deliveries.
      expect(await store.enqueue(freshTenant(), aDelivery("d1"), NOW + 2)).toEqual({ created: true });
    });

    it("never sends a delivery again after a crash between its marker and its removal from the queue", async () => {
      const scope = freshTenant();
      for (const id of ["d1", "d2"]) await store.enqueue(scope, aDelivery(id), NOW);
      expect(idsOf(await store.claimDue("w1", NOW, LEASE, 10))).toEqual(["d1", "d2"]);
      crashAfterMarkers = true;
      await expect(store.markDelivered(scope, ["d1"], NOW + 1)).rejects.toThrow(/crashed/);
      // Both written or only the marker: a redelivered record is recognised either way.
      expect(await store.enqueue(scope, aDelivery("d1"), NOW + 2)).toEqual({ created: false });
      // After the lease, only the undelivered one is due; the delivered one has left the queue.
      expect(idsOf(await store.claimDue("w2", NOW + LEASE, LEASE, 10))).toEqual(["d2"]);
      expect(await queueSize()).toBe(1);
      expect(idsOf(await store.claimDue("w3", NOW + 2 * LEASE, LEASE, 10))).toEqual(["d2"]);
    });

    it("purges only markers older than the cutoff", async () => {
      const scope = freshTenant();
      for (const id of ["old", "young", "owed"]) await store.enqueue(scope, aDelivery(id), NOW);
      await store.claimDue("w1", NOW, LEASE, 10);
      await store.markDelivered(scope, ["old"], NOW + 1);
      await store.markDelivered(scope, ["young"], NOW + 10);
      await store.purgeDelivered(NOW + 5);
      expect(await store.enqueue(scope, aDelivery("young"), NOW + 20)).toEqual({ created: false });
      expect(await store.enqueue(scope, aDelivery("old"), NOW + 20)).toEqual({ created: true });
      // The owed one is untouched: still queued, once.
      expect(await store.enqueue(scope, aDelivery("owed"), NOW + 20)).toEqual({ created: false });
      expect(idsOf(await store.claimDue("w2", NOW + LEASE, LEASE, 10))).toEqual(["old", "owed"]);
    });

    it("drops an erased customer's owed and parked deliveries of the number, and nothing else", async () => {
      const scope = freshTenant();
      const about = (id: string, customer: string, overrides: Partial<NewDelivery> = {}) =>
        aDelivery(id, { changeJson: changeAbout(customer), ...overrides });
      // One mid-send (claimed until NOW + LEASE), one delivered, one parked, all about the customer.
      await store.enqueue(scope, about("mid-send", "15550001"), NOW);
      await store.enqueue(scope, about("delivered", "15550001"), NOW);
      expect(idsOf(await store.claimDue("sender", NOW, LEASE, 100))).toEqual(["delivered", "mid-send"]);
      await store.markDelivered(scope, ["delivered"], NOW);
      await park(scope, "parked", NOW, about("parked", "15550001"));
      // Owed and unclaimed: about the customer (by phone number or by user id), or not.
      await store.enqueue(scope, about("owed", "15550001"), NOW);
      await store.enqueue(scope, about("by-user-id", "US.abc"), NOW);
      await store.enqueue(scope, about("other-customer", "15550002"), NOW);
      await store.enqueue(scope, about("other-number", "15550001", { phoneNumberId: "p2" }), NOW);
      await store.enqueue({ ...scope, businessId: "b2" }, about("other-business", "15550001"), NOW);
      await store.enqueue(freshTenant(), about("other-tenant", "15550001"), NOW);
      // Only names the customer inside a message body: not about them.
      const quoted = JSON.stringify({ field: "messages", value: { messages: [{ text: { body: "15550001" } }] } });
      await store.enqueue(scope, aDelivery("quoted", { changeJson: quoted }), NOW);

      expect(await store.dropAboutCustomers(scope, "p1", ["15550001", "US.abc", ""], NOW + 1)).toBe(3);
      expect(await store.dropAboutCustomers(scope, "p1", ["15550001", "US.abc"], NOW + 1)).toBe(0);
      expect(await store.listParked(scope, 10, "")).toEqual([]);
      // The rest stays, and the delivered marker still recognises a redelivery.
      const kept = ["other-business", "other-customer", "other-number", "other-tenant", "quoted"];
      expect(idsOf(await store.claimDue("after", NOW + LEASE, LEASE, 100))).toEqual(["mid-send", ...kept]);
      expect(await store.enqueue(scope, about("delivered", "15550001"), NOW + 2)).toEqual({ created: false });
      // Once its lease is over, the one that was mid-send goes too.
      expect(await store.dropAboutCustomers(scope, "p1", ["15550001"], NOW + 2 * LEASE)).toBe(1);
      expect(idsOf(await store.claimDue("last", NOW + 2 * LEASE, LEASE, 100))).toEqual(kept);
    });

    it("prunes parked deliveries past the cutoff once their dead letter is published, in pages", async () => {
      const scope = freshTenant();
      await park(scope, "old", NOW);
      await store.markParkedPublished(scope, "old", NOW + 1);
      await park(scope, "unannounced", NOW); // its dead letter is not on Kafka yet: kept
      await park(scope, "young", NOW + 10_000);
      await store.markParkedPublished(scope, "young", NOW + 10_001);
      await store.enqueue(scope, aDelivery("pending"), NOW); // never parked: kept
      let deleted = 0;
      let pages = 0;
      for (let more = true; more && pages < 100; pages += 1) {
        const result = await store.pruneParkedPage(NOW + 5_000, 1);
        deleted += result.deleted;
        more = result.more;
      }
      expect(deleted).toBe(1);
      expect(pages).toBe(2); // a full page of one, then an empty one
      expect(idsOf(await store.listParked(scope, 10, ""))).toEqual(["unannounced", "young"]);
      expect(idsOf(await store.claimDue("after-prune", NOW + 1, LEASE, 10))).toEqual(["pending"]);
    });
  });
}
