// A hosting migration on a number with 10,000 threads, against the real Kafka broker and the real
// MongoDB-wire server: every thread gets exactly one history entry and one notice, exactly 10,000
// distinct SystemMessageAdded events appear, the fan-out never asks the store for more than one
// page, a crash mid fan-out resumes, and the same change delivered again adds nothing. Prints the
// fan-out time and the peak heap growth (figures only; nothing here asserts a duration).
import { connectMongo, EventHandlers, event, type SubscriptionHandle } from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { PhoneNumberHostingChangedEvent, SystemMessageAddedEvent } from "@switchboard/proto";
import { eventually as eventuallyWithin } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMongoConversationStores } from "../src/conversation-stores.ts";
import { hostingStateFrom } from "../src/domain/hosting-state.ts";
import type { ThreadRecord } from "../src/domain/records.ts";
import { threadIdOf } from "../src/domain/thread-id.ts";
import { hostingChangeHandlers } from "../src/hosting/hosting-change-handlers.ts";
import { hostingNoticeText } from "../src/hosting/hosting-notice-text.ts";
import type { HostingStore } from "../src/hosting/hosting-store.ts";
import { hostingModels } from "../src/hosting/mongo-hosting-models.ts";
import type { ConversationStore } from "../src/store/conversation-store.ts";
import { conversationModels } from "../src/store/mongo-models.ts";
import { seedThreads } from "./support/record-factories.ts";

const THREADS = 10_000;
const PAGE = 500;
const tenantA = { tenantId: "tenant-a", businessId: "biz-a" };
const tenantB = { tenantId: "tenant-b", businessId: "biz-b" };
const PHONE = "100200300";
const cloud = { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] };
const bsp = {
  hostingMode: "bsp",
  encryptionState: "provider_accessible",
  processors: ["business", "meta", "bsp:acme"],
};

// Generous: FerretDB on a loaded 2-core CI machine fans out at ~100 threads/s; this bounds a hang, not speed.
const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 420_000);

const threadDoc = (scope: typeof tenantA, n: number): ThreadRecord => {
  const customer = `1555${String(n).padStart(7, "0")}`;
  return {
    tenantId: scope.tenantId,
    businessId: scope.businessId,
    threadId: threadIdOf(scope.tenantId, PHONE, customer),
    phoneNumberId: PHONE,
    customerId: customer,
    customerWaId: customer,
    hosting: hostingStateFrom(cloud),
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    lastInboundAtMs: 1_000,
  };
};

/** Wraps the store ports to see how the fan-out uses them, and to crash it once mid-way. */
function instrumented(stores: { hosting: HostingStore; conversations: ConversationStore }, crashOnPage: number) {
  const seen = { maxLimit: 0, pages: 0, inFlight: 0, maxInFlight: 0, progressReads: 0, crashed: false };
  const conversations: ConversationStore = {
    ...stores.conversations,
    async threadsOfNumber(scope, query) {
      seen.maxLimit = Math.max(seen.maxLimit, query.limit);
      seen.pages += 1;
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      try {
        return await stores.conversations.threadsOfNumber(scope, query);
      } finally {
        seen.inFlight -= 1;
      }
    },
  };
  const hosting: HostingStore = {
    ...stores.hosting,
    async storeHistory(scope, entries) {
      // After the page's notices are stored, before its entries and events: a partial page.
      if (seen.pages === crashOnPage && !seen.crashed) {
        seen.crashed = true;
        throw new Error("simulated crash mid fan-out");
      }
      return stores.hosting.storeHistory(scope, entries);
    },
    async fanOutProgress(scope, changeId) {
      seen.progressReads += 1;
      return stores.hosting.fanOutProgress(scope, changeId);
    },
  };
  return { hosting, conversations, seen };
}

describe("hosting change fan-out over 10,000 threads", () => {
  const servers = testServers();
  const logger = pino({ level: "error" });
  let mongo: Connection;
  const kafka = useKafkaTestBus("hostfan", { logger });
  const subscriptions: SubscriptionHandle[] = [];

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("hostfan") });
  });

  afterAll(async () => {
    await Promise.allSettled(subscriptions.map((s) => s.stop()));
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  it("notifies every thread once, in pages, through a crash and a redelivery", async () => {
    const stores = await createMongoConversationStores(mongo);
    // Read-only handles, for the counts at the end.
    const { messages } = conversationModels(mongo);
    const { history } = hostingModels(mongo);
    const seedStarted = Date.now();
    // Through the conversation store, the only writer of threads (its batch insert, 1,000 per request).
    await seedThreads(
      stores.conversations,
      Array.from({ length: THREADS }, (_, i) => threadDoc(tenantA, i)),
    );
    // The other tenant's thread on a number with the same id must stay untouched.
    await seedThreads(stores.conversations, [threadDoc(tenantB, 0)]);
    console.log(`seeded ${THREADS} threads in ${Date.now() - seedStarted} ms`);

    const { hosting, conversations, seen } = instrumented(stores, 7);
    const prefixGroup = uniqueName("hostfan");
    const noticeIds = new Set<string>();
    let noticeEvents = 0;
    let wrongText = 0;
    let changeDeliveries = 0;
    subscriptions.push(
      await kafka.bus.subscribe({
        groupId: `${prefixGroup}-collector`,
        handlers: new EventHandlers()
          .on(SystemMessageAddedEvent, async (e) => {
            noticeEvents += 1;
            noticeIds.add(e.id);
            if (e.data.text !== hostingNoticeText("bsp") || e.id !== e.data.messageId) wrongText += 1;
          })
          .on(PhoneNumberHostingChangedEvent, async () => {
            changeDeliveries += 1;
          }),
      }),
      await kafka.bus.subscribe({
        groupId: `${prefixGroup}-hosting`,
        // A short budget per delivery, so the run also goes through re-published continuations.
        handlers: hostingChangeHandlers({
          hosting,
          conversations,
          bus: kafka.bus,
          logger,
          pageSize: PAGE,
          runBudgetMs: 3_000,
        }),
        retryBackoffMs: 50,
      }),
    );

    const change = event(PhoneNumberHostingChangedEvent, {
      key: `${tenantA.tenantId}/${PHONE}`,
      tenantId: tenantA.tenantId,
      id: "chg-cloud-to-bsp",
      data: {
        tenantId: tenantA.tenantId,
        businessId: tenantA.businessId,
        phoneNumberId: PHONE,
        from: cloud,
        to: bsp,
        reason: "moved to a partner",
        changedBy: "admin@tenant-a",
        changedAtMs: Date.now(),
      },
    });

    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 20);
    const started = Date.now();
    await kafka.bus.publish([change]);
    await eventually(async () => {
      if (noticeIds.size < THREADS) throw new Error(`${noticeIds.size} notices so far`);
    });
    const fanOutMs = Date.now() - started;
    clearInterval(sampler);
    console.log(
      `fan-out of ${THREADS} threads: ${fanOutMs} ms (${Math.round(THREADS / (fanOutMs / 1000))} threads/s), ` +
        `peak heap growth ${((peak - baseline) / 1024 / 1024).toFixed(1)} MiB, ${seen.pages} page queries`,
    );

    // Bounded memory by construction: never more than one page asked for, one at a time.
    expect(seen.crashed).toBe(true);
    expect(seen.maxLimit).toBe(PAGE);
    expect(seen.maxInFlight).toBe(1);
    expect(seen.pages).toBeGreaterThanOrEqual(THREADS / PAGE);

    // The same change delivered again: the consumer reads its progress and does nothing more.
    const readsBefore = seen.progressReads;
    await kafka.bus.publish([change]);
    await eventually(async () => {
      if (seen.progressReads <= readsBefore) throw new Error("redelivery not consumed yet");
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(noticeIds.size).toBe(THREADS);
    expect(noticeEvents).toBe(THREADS);
    expect(wrongText).toBe(0);
    // The original, at least one continuation, and the duplicate.
    expect(changeDeliveries).toBeGreaterThanOrEqual(3);
    console.log(`hosting-change deliveries (original + continuations + duplicate): ${changeDeliveries}`);
    expect(await history.countDocuments({ tenantId: tenantA.tenantId, changeId: "chg-cloud-to-bsp" })).toBe(THREADS);
    expect(await history.countDocuments({})).toBe(THREADS);
    expect(await messages.countDocuments({ tenantId: tenantA.tenantId, direction: "system" })).toBe(THREADS);
    expect(await messages.countDocuments({ tenantId: tenantB.tenantId })).toBe(0);
  }, 600_000);
});
