import { createInMemoryEventBus, createLogger, EventHandlers, type ReceivedEvent } from "@switchboard/kit";
import { WebhookDeliveryParkedEvent } from "@switchboard/proto";
import type { WebhookDeliveryParked } from "@switchboard/proto/gen/switchboard/events/v1/webhook_deliveries";
import { meterStoreCalls } from "@switchboard/testing/store-call-meter";
import { describe, expect, it } from "vitest";
import {
  createInMemoryDeliveryStore,
  type InMemoryDeliveryStore,
} from "../../test/support/in-memory-delivery-store.ts";
import { createInMemorySubscriptionStore } from "../../test/support/in-memory-subscription-store.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import { createDeliveryWorker, type DeliveryWorkerOptions } from "./delivery-worker.ts";
import type { PostOutcome } from "./webhook-poster.ts";

const A = { tenantId: "tn_a", businessId: "111" };
const B = { tenantId: "tn_b", businessId: "222" };
const secrets = { "111": "secret-of-a", "222": "secret-of-b" } as Record<string, string>;

interface Sent {
  url: string;
  businessId: string;
  changeIds: string[];
  /** The worker signs with the app secret of the business the body is for. */
  secretMatches: boolean;
}

async function harness(overrides: Partial<DeliveryWorkerOptions> = {}, store?: InMemoryDeliveryStore) {
  const deliveries = store ?? createInMemoryDeliveryStore();
  const subscriptions = createInMemorySubscriptionStore();
  for (const scope of [A, B]) {
    await subscriptions.put(scope, {
      callbackUrl: `https://hooks.example/${scope.businessId}`,
      verifyToken: "v",
      appSecret: secrets[scope.businessId] ?? "",
      createdAtMs: 0,
      updatedAtMs: 0,
    });
  }
  const clock = { now: 1_000_000 };
  const sent: Sent[] = [];
  let answer: (url: string) => PostOutcome = () => ({ ok: true });
  // Dead letters as a consumer of the DLQ topic sees them; `brokerDown` makes every publish fail.
  const bus = createInMemoryEventBus();
  const parkedEvents: ReceivedEvent<WebhookDeliveryParked>[] = [];
  await bus.subscribe({
    groupId: "dlq-reader",
    handlers: new EventHandlers().on(WebhookDeliveryParkedEvent, async (e) => {
      parkedEvents.push(e);
    }),
  });
  const broker = { down: false };
  const options: DeliveryWorkerOptions = {
    store: deliveries,
    subscriptions,
    post: async ({ url, body, appSecret }) => {
      const parsed = JSON.parse(body.toString()) as { entry: { id: string; changes: { id: string }[] }[] };
      const entry = parsed.entry[0];
      const businessId = entry?.id ?? "";
      sent.push({
        url,
        businessId,
        changeIds: entry?.changes.map((c) => c.id) ?? [],
        secretMatches: appSecret === secrets[businessId],
      });
      return answer(url);
    },
    bus: {
      publish: (events) => (broker.down ? Promise.reject(new Error("broker unavailable")) : bus.publish(events)),
    },
    policy: { initialBackoffMs: 1_000, maxBackoffMs: 10_000, maxRetryAgeMs: 60_000 },
    batchSize: 2,
    postsInFlight: 1,
    claimLimit: 100,
    perBusiness: 100,
    leaseMs: 30_000,
    pollIntervalMs: 60_000,
    // Every round scans unless a case says otherwise: the cases below enqueue into the store directly.
    scanIntervalMs: 0,
    lingerMs: 1,
    deliveredRetentionMs: 3_600_000,
    purgeIntervalMs: 600_000,
    concurrency: 4,
    clock: () => clock.now,
    random: () => 1,
    logger: createLogger({ service: "test", level: "silent" }),
    ...overrides,
  };
  const worker = createDeliveryWorker(options);
  const enqueue = (scope: typeof A, id: string) =>
    deliveries.enqueue(
      scope,
      { deliveryId: id, eventType: "t", phoneNumberId: "p", changeJson: JSON.stringify({ id }) },
      clock.now,
    );
  const setAnswer = (next: typeof answer) => {
    answer = next;
  };
  return { deliveries, worker, clock, sent, enqueue, setAnswer, parkedEvents, broker, options };
}

describe("webhook delivery worker", () => {
  it("sends each business only its own deliveries, batched and signed with its own secret", async () => {
    const h = await harness();
    for (const id of ["a1", "a2", "a3"]) await h.enqueue(A, id);
    for (const id of ["b1", "b2"]) await h.enqueue(B, id);
    expect(await h.worker.runOnce()).toBe(5);
    const byBusiness = (id: string) => h.sent.filter((s) => s.businessId === id);
    expect(byBusiness("111").map((s) => s.changeIds)).toEqual([["a1", "a2"], ["a3"]]);
    expect(byBusiness("222").map((s) => s.changeIds)).toEqual([["b1", "b2"]]);
    expect(h.sent.every((s) => s.url.endsWith(s.businessId) && s.secretMatches)).toBe(true);
    expect(h.deliveries.all().every((d) => d.state === "delivered" && d.changeJson === "")).toBe(true);
    // Nothing is due any more.
    expect(await h.worker.runOnce()).toBe(0);
    expect(h.sent).toHaveLength(3);
  });

  it("delivers a small business's events in the first round beside another's large backlog to a dead receiver", async () => {
    const h = await harness({ claimLimit: 100, perBusiness: 50 });
    h.setAnswer((url) => (url.endsWith("111") ? { ok: false, error: "timed out" } : { ok: true }));
    for (let i = 0; i < 1_000; i++) await h.enqueue(A, `a${i}`);
    h.clock.now += 1; // the dead receiver's backlog is older: oldest-first alone would claim only it
    for (let i = 0; i < 5; i++) await h.enqueue(B, `b${i}`);
    await h.worker.runOnce();
    const states = h.deliveries.all();
    expect(states.filter((d) => d.businessId === "222").every((d) => d.state === "delivered")).toBe(true);
    // The dead receiver cost one POST, and only its share of the round was leased and retried.
    expect(h.sent.filter((s) => s.businessId === "111")).toHaveLength(1);
    expect(states.filter((d) => d.businessId === "111" && d.attempts === 1)).toHaveLength(50);
  });

  it("backs off after a failure, retries when due, and expedites the backlog once the endpoint answers", async () => {
    const h = await harness();
    h.setAnswer(() => ({ ok: false, error: "HTTP 503" }));
    await h.enqueue(A, "a1");
    await h.worker.runOnce();
    const [failed] = h.deliveries.all();
    expect(failed).toMatchObject({ state: "pending", attempts: 1, lastError: "HTTP 503", nextAttemptAtMs: 1_001_000 });
    h.clock.now += 999;
    expect(await h.worker.runOnce()).toBe(0);
    h.clock.now += 1;
    await h.worker.runOnce();
    expect(h.deliveries.all()[0]).toMatchObject({ attempts: 2, nextAttemptAtMs: 1_003_000 });

    h.setAnswer(() => ({ ok: true }));
    await h.enqueue(A, "a2");
    await h.enqueue(B, "b1");
    h.setAnswer((url) => (url.endsWith("222") ? { ok: false, error: "HTTP 500" } : { ok: true }));
    await h.worker.runOnce();
    expect(h.deliveries.all().find((d) => d.deliveryId === "a1")?.state).toBe("pending");
    // a2 went through, so a1 no longer waits for its backoff (3 s away); b1's endpoint failed,
    // so b1 keeps its own.
    await h.worker.runOnce();
    expect(Object.fromEntries(h.deliveries.all().map((d) => [d.deliveryId, d.state]))).toEqual({
      a1: "delivered",
      a2: "delivered",
      b1: "pending",
    });
    expect(h.sent.filter((s) => s.changeIds.includes("a1"))).toHaveLength(3);
    expect(h.sent.filter((s) => s.changeIds.includes("b1"))).toHaveLength(1);
  });

  it("claims what its intake queued by key, without scanning a large backing-off queue", async () => {
    const h = await harness({ scanIntervalMs: 60_000, claimLimit: 1_000, perBusiness: 1_000 });
    h.setAnswer((url) => (url.endsWith("111") ? { ok: false, error: "HTTP 503" } : { ok: true }));
    for (let i = 0; i < 500; i++) await h.enqueue(A, `a${i}`);
    expect(await h.worker.runOnce()).toBe(500); // the first round scans: A's backlog fails and backs off
    const scanned = h.deliveries.claimReads();
    expect(scanned).toBeGreaterThanOrEqual(500);
    for (const id of ["b1", "b2"]) await h.enqueue(B, id);
    h.worker.queued(B, ["b1", "b2"]);
    expect(await h.worker.runOnce()).toBe(2);
    expect(h.sent.filter((s) => s.businessId === "222").flatMap((s) => s.changeIds)).toEqual(["b1", "b2"]);
    expect(h.deliveries.claimReads()).toBe(scanned); // not one document of the queue read by a scan
    // A's retries are hints too: due after their backoff, they are claimed by key as well.
    h.setAnswer(() => ({ ok: true }));
    h.clock.now += 1_000;
    let settled = 0;
    for (let round = 0; round < 3 && settled < 500; round++) settled += await h.worker.runOnce();
    expect(settled).toBe(500);
    expect(h.deliveries.claimReads()).toBe(scanned);
    expect(h.deliveries.all().every((d) => d.state === "delivered")).toBe(true);
  });

  it("scans again as soon as its hints run dry after full samples it knew nothing of (a backlog from before it started)", async () => {
    const h = await harness({ scanIntervalMs: 60_000, claimLimit: 100, perBusiness: 100, scanSample: 100 });
    for (let i = 0; i < 250; i++) await h.enqueue(A, `a${i}`);
    expect([await h.worker.runOnce(), await h.worker.runOnce(), await h.worker.runOnce()]).toEqual([100, 100, 50]);
    await h.enqueue(A, "late");
    expect(await h.worker.runOnce()).toBe(0); // the last sample was not full: the next scan waits its interval
  });

  it("finds what no hint names (another replica's deliveries) at the next scan, and at once after a replay", async () => {
    const h = await harness({ scanIntervalMs: 10_000 });
    expect(await h.worker.runOnce()).toBe(0); // scans: nothing yet
    await h.enqueue(A, "theirs"); // queued by another replica's intake
    expect(await h.worker.runOnce()).toBe(0);
    h.clock.now += 10_000;
    expect(await h.worker.runOnce()).toBe(1);
    await h.enqueue(A, "replayed");
    h.worker.scanSoon();
    expect(await h.worker.runOnce()).toBe(1);
    expect(h.deliveries.all().map((d) => d.state)).toEqual(["delivered", "delivered"]);
  });

  it("posts one change per POST, several in flight, and marks them delivered in one write", async () => {
    const h = await harness({ batchSize: 1, postsInFlight: 4 });
    let inFlight = 0;
    let most = 0;
    const post = h.options.post;
    h.options.post = async (request) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return post(request);
    };
    let writes = 0;
    const markDelivered = h.deliveries.markDelivered.bind(h.deliveries);
    h.deliveries.markDelivered = async (...args) => {
      writes++;
      return markDelivered(...args);
    };
    const worker = createDeliveryWorker(h.options);
    for (const id of ["a1", "a2", "a3", "a4", "a5", "a6"]) await h.enqueue(A, id);
    expect(await worker.runOnce()).toBe(6);
    expect(h.sent.map((s) => s.changeIds)).toEqual([["a1"], ["a2"], ["a3"], ["a4"], ["a5"], ["a6"]]);
    expect(most).toBe(4);
    expect(writes).toBe(1);
    expect(h.deliveries.all().every((d) => d.state === "delivered")).toBe(true);
  });

  it("settles a round of 200 due deliveries with a few store calls, whatever the outcome, not one per delivery", async () => {
    const h = await harness({ claimLimit: 200, perBusiness: 200, scanIntervalMs: 60_000 });
    const meter = meterStoreCalls<DeliveryStore>(h.deliveries);
    const worker = createDeliveryWorker({ ...h.options, store: meter.store });
    for (let i = 0; i < 100; i++) {
      await h.enqueue(A, `a${i}`);
      await h.enqueue(B, `b${i}`);
    }
    // Both receivers down: every delivery is retried later. The parked sweep, the scan's sample,
    // the claim by key, and one reschedule per business.
    h.setAnswer(() => ({ ok: false, error: "HTTP 503" }));
    expect(await worker.runOnce()).toBe(200);
    expect(h.deliveries.all().every((d) => d.state === "pending" && d.attempts === 1)).toBe(true);
    expect(meter.calls()).toBe(5);

    // Both back once the backoff is over: the retries are hints, so the claim by key and one
    // markDelivered per business (the first round's sweep found nothing unannounced, so none is
    // owed before the next minute; no scan before its interval).
    h.setAnswer(() => ({ ok: true }));
    h.clock.now += 1_000;
    expect(await worker.runOnce()).toBe(200);
    expect(h.deliveries.all().every((d) => d.state === "delivered")).toBe(true);
    expect(meter.calls()).toBe(5 + 3);
  });

  it("does not keep posting to an endpoint that just failed within the same round", async () => {
    const h = await harness();
    h.setAnswer(() => ({ ok: false, error: "timeout" }));
    for (const id of ["a1", "a2", "a3", "a4", "a5"]) await h.enqueue(A, id);
    expect(await h.worker.runOnce()).toBe(5);
    expect(h.sent).toHaveLength(1);
    expect(
      h.deliveries.all().every((d) => d.state === "pending" && d.attempts === 1 && d.lastError === "timeout"),
    ).toBe(true);
  });

  it("parks a delivery when the next retry would leave the window, and a replay sends it", async () => {
    const h = await harness();
    h.setAnswer(() => ({ ok: false, error: "ECONNREFUSED" }));
    await h.enqueue(B, "b1");
    for (let round = 0; round < 20 && h.deliveries.all()[0]?.state === "pending"; round++) {
      await h.worker.runOnce();
      h.clock.now = h.deliveries.all()[0]?.nextAttemptAtMs ?? h.clock.now;
    }
    const [parked] = await h.deliveries.listParked(B, 10, "");
    expect(parked).toMatchObject({ deliveryId: "b1", state: "parked", lastError: "ECONNREFUSED" });
    expect(parked?.parkedAtMs).toBeLessThanOrEqual(1_000_000 + 60_000);
    expect(h.parkedEvents.map((e) => e.data.deliveryId)).toEqual(["b1"]);
    expect(await h.deliveries.listParked(A, 10, "")).toEqual([]);
    expect(await h.deliveries.replay(A, h.clock.now)).toBe(0);

    h.setAnswer(() => ({ ok: true }));
    expect(await h.worker.runOnce()).toBe(0);
    expect(await h.deliveries.replay(B, h.clock.now, "b1")).toBe(1);
    await h.worker.runOnce();
    expect(h.deliveries.all()[0]?.state).toBe("delivered");
    expect(h.parkedEvents).toHaveLength(1);
  });

  /** Rounds, jumping the clock to the next retry, until nothing is pending any more. */
  async function drain(h: Awaited<ReturnType<typeof harness>>) {
    for (let round = 0; round < 40; round++) {
      await h.worker.runOnce();
      const pending = h.deliveries.all().filter((d) => d.state === "pending");
      if (pending.length === 0) return;
      h.clock.now = Math.max(h.clock.now, Math.min(...pending.map((d) => d.nextAttemptAtMs)));
    }
    throw new Error("deliveries still pending after 40 rounds");
  }

  it("publishes one content-free dead letter per parked delivery, keyed by business, and none for delivered ones", async () => {
    const h = await harness();
    h.setAnswer((url) => (url.endsWith("111") ? { ok: false, error: "HTTP 503" } : { ok: true }));
    await h.enqueue(A, "a1");
    await h.enqueue(A, "a2");
    await h.enqueue(B, "b1");
    await drain(h);
    const stored = new Map(h.deliveries.all().map((d) => [d.deliveryId, d]));
    expect(stored.get("b1")?.state).toBe("delivered");
    expect(h.parkedEvents.map((e) => e.data.deliveryId).sort()).toEqual(["a1", "a2"]);
    for (const e of h.parkedEvents) {
      const d = stored.get(e.data.deliveryId);
      expect(d).toMatchObject({ state: "parked", parkedPublished: true });
      expect(e.id).toBe(`parked:tn_a/${e.data.deliveryId}:${d?.parkedAtMs}`);
      expect(e).toMatchObject({ key: "tn_a/111", tenantId: "tn_a", topic: "switchboard.webhook-deliveries.v1.dlq" });
      expect(e.data).toEqual({
        tenantId: "tn_a",
        businessId: "111",
        deliveryId: d?.deliveryId,
        eventType: "t",
        phoneNumberId: "p",
        attempts: d?.attempts,
        firstAttemptAtMs: 1_000_000,
        parkedAtMs: d?.parkedAtMs,
        lastError: "HTTP 503",
      });
      expect(d?.attempts).toBeGreaterThan(1);
    }
    // Later rounds publish nothing again.
    h.clock.now += 3_600_000;
    await h.worker.runOnce();
    expect(h.parkedEvents).toHaveLength(2);
  });

  it("keeps a parking whose publish failed and publishes it on the next round, once", async () => {
    const h = await harness();
    h.setAnswer(() => ({ ok: false, error: "ECONNREFUSED" }));
    h.broker.down = true;
    await h.enqueue(A, "a1");
    await drain(h);
    expect(h.parkedEvents).toEqual([]);
    const [parked] = await h.deliveries.listParked(A, 10, "");
    expect(parked).toMatchObject({ deliveryId: "a1", state: "parked", parkedPublished: false });
    // Still down: the round's retry fails too, and nothing is lost.
    await h.worker.runOnce();
    await h.worker.settled(); // the sweep runs beside the round
    expect(h.parkedEvents).toEqual([]);

    h.broker.down = false;
    expect(await h.worker.runOnce()).toBe(0);
    await h.worker.settled();
    expect(h.parkedEvents.map((e) => e.id)).toEqual([`parked:tn_a/a1:${parked?.parkedAtMs}`]);
    expect(h.parkedEvents[0]?.data).toMatchObject({ deliveryId: "a1", parkedAtMs: parked?.parkedAtMs });
    expect(h.deliveries.all()[0]).toMatchObject({ state: "parked", parkedPublished: true });
    await h.worker.runOnce();
    await h.worker.settled();
    expect(h.parkedEvents).toHaveLength(1);

    // A replay that fails again is a new parking with a new dead letter.
    expect(await h.deliveries.replay(A, h.clock.now)).toBe(1);
    await drain(h);
    await h.worker.settled();
    expect(h.parkedEvents).toHaveLength(2);
    expect(h.parkedEvents[1]?.id).not.toBe(h.parkedEvents[0]?.id);
  });

  it("announces a parking another replica left unannounced within a minute, without a sweep every round", async () => {
    const h = await harness();
    let sweeps = 0;
    const list = h.deliveries.listUnpublishedParked.bind(h.deliveries);
    h.deliveries.listUnpublishedParked = async (limit) => {
      sweeps++;
      return list(limit);
    };
    const worker = createDeliveryWorker(h.options);
    await worker.runOnce(); // the first round sweeps: a crash before it may have left some
    expect(sweeps).toBe(1);
    // Another replica parks a delivery and crashes before publishing its dead letter.
    await h.enqueue(A, "a1");
    await h.deliveries.claimDue("crashed", h.clock.now, 30_000, 10);
    expect(await h.deliveries.park(A, "a1", "crashed", h.clock.now, "HTTP 503")).toBe(true);
    h.clock.now += 1_000;
    await worker.runOnce();
    expect(sweeps).toBe(1);
    expect(h.parkedEvents).toEqual([]);
    h.clock.now += 60_000;
    await worker.runOnce();
    expect(sweeps).toBe(2);
    await worker.settled();
    expect(h.parkedEvents.map((e) => e.data.deliveryId)).toEqual(["a1"]);
  });

  it("two workers on one store never send the same delivery, and a dead worker's lease expires", async () => {
    const store = createInMemoryDeliveryStore();
    const one = await harness({}, store);
    const two = await harness({ clock: () => one.clock.now }, store);
    for (let i = 0; i < 10; i++) await one.enqueue(A, `a${i}`);
    await Promise.all([one.worker.runOnce(), two.worker.runOnce()]);
    const sentIds = [...one.sent, ...two.sent].flatMap((s) => s.changeIds).sort();
    expect(sentIds).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`).sort());

    // A replica claims and crashes before sending: nobody else sends until its lease is over.
    await one.enqueue(A, "orphan");
    expect(await store.claimDue("crashed-replica", one.clock.now, 30_000, 10)).toHaveLength(1);
    expect(await two.worker.runOnce()).toBe(0);
    // Its late report after the lease moved on changes nothing.
    one.clock.now += 30_000;
    expect(await two.worker.runOnce()).toBe(1);
    await store.reschedule(A, "crashed-replica", [{ deliveryId: "orphan", atMs: one.clock.now + 5_000 }], "late");
    expect(store.all().find((d) => d.deliveryId === "orphan")).toMatchObject({ state: "delivered", lastError: "" });
  });

  it("runs rounds when woken until its signal aborts", async () => {
    const h = await harness({ clock: Date.now });
    const stop = new AbortController();
    const loop = h.worker.run(stop.signal);
    await h.deliveries.enqueue(
      A,
      { deliveryId: "w1", eventType: "t", phoneNumberId: "p", changeJson: "{}" },
      Date.now(),
    );
    h.worker.wake();
    for (let i = 0; i < 200 && h.deliveries.all()[0]?.state !== "delivered"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(h.deliveries.all()[0]?.state).toBe("delivered");
    stop.abort();
    await loop;
    expect(h.sent).toHaveLength(1);
  });

  /** Runs the worker until one delivery lands while the caller holds a housekeeping task in flight; `release` ends that task. */
  async function deliversOneWhileHeld(h: Awaited<ReturnType<typeof harness>>, release: () => void): Promise<void> {
    const stop = new AbortController();
    const loop = h.worker.run(stop.signal);
    await h.deliveries.enqueue(
      A,
      { deliveryId: "w1", eventType: "t", phoneNumberId: "p", changeJson: "{}" },
      Date.now(),
    );
    h.worker.queued(A, ["w1"]);
    for (let i = 0; i < 200 && h.deliveries.all()[0]?.state !== "delivered"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(h.deliveries.all()[0]?.state).toBe("delivered");
    stop.abort();
    release();
    await loop;
  }

  it("keeps delivering while a parked sweep's scan is still running", async () => {
    const h = await harness({ clock: Date.now, scanIntervalMs: 60_000 });
    const scan = Promise.withResolvers<never[]>();
    let sweeps = 0;
    h.deliveries.listUnpublishedParked = () => {
      sweeps++;
      return scan.promise; // a sweep that reads the whole queue for as long as the test runs
    };
    await deliversOneWhileHeld(h, () => scan.resolve([]));
    expect(sweeps).toBe(1); // one in flight at a time
  });

  it("keeps delivering while the delivered-marker purge is still running", async () => {
    const h = await harness({ clock: Date.now, scanIntervalMs: 60_000 });
    const purge = Promise.withResolvers<void>();
    let purges = 0;
    h.deliveries.purgeDelivered = () => {
      purges++;
      return purge.promise; // a purge scan that takes as long as the test
    };
    await deliversOneWhileHeld(h, () => purge.resolve());
    expect(purges).toBe(1);
  });
});
