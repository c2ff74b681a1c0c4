// ListThreads filters and the WatchThread / WatchBusiness streams against the real Kafka broker
// and the real MongoDB-wire server: filters compose with cursor pagination, streams carry new
// messages and status changes, and no RPC ever shows one tenant anything of another.
import { type ClientReadableStream, Metadata, status } from "@grpc/grpc-js";
import { callUnary, scopeToMetadataEntries, type TenantScope } from "@switchboard/kit";
import type {
  ListThreadsRequest,
  ThreadActivity,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { eventually } from "@switchboard/testing/eventually";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadIdOf } from "../src/domain/thread-id.ts";
import { type ConversationHarness, startConversationHarness } from "./support/conversation-harness.ts";
import {
  acceptedEvent,
  cloudHosting,
  inboundEvent,
  onPremisesHosting,
  statusEvent,
  threadRef,
} from "./support/thread-event-factories.ts";

const NOW = 1_800_000_000_000;
const HOUR = 60 * 60 * 1000;
const tenantL = { tenantId: "tenant-l", businessId: "biz-l" };
const tenantB = { tenantId: "tenant-b", businessId: "biz-b" };
const any: ListThreadsRequest = {
  phoneNumberId: "",
  pageSize: 50,
  cursor: "",
  hostingMode: "",
  encryptionState: "",
  updatedSinceMs: 0,
};

const metadataOf = (scope: TenantScope) => {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(scopeToMetadataEntries(scope))) metadata.set(k, v);
  return metadata;
};

/** Collects a stream's activity and how it ended. */
function collect(stream: ClientReadableStream<{ activity: ThreadActivity | undefined }>) {
  const seen: ThreadActivity[] = [];
  const ended = new Promise<number>((resolve) => {
    stream.on("data", (response: { activity: ThreadActivity | undefined }) => {
      if (response.activity) seen.push(response.activity);
    });
    stream.on("error", (error: { code: number }) => resolve(error.code));
    stream.on("status", (s: { code: number }) => {
      if (s.code === status.OK) resolve(s.code);
    });
  });
  return { seen, ended, cancel: () => stream.cancel() };
}

describe("ListThreads filters and watch streams against Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  let h: ConversationHarness;
  const open = threadRef(tenantL, "15550400001", "111");
  const closed = threadRef(tenantL, "15550400002", "111");
  const otherNumber = threadRef(tenantL, "15550400003", "222");
  const idOf = (t: ReturnType<typeof threadRef>) => threadIdOf(t.tenantId, t.phoneNumberId, t.customerId);

  beforeAll(async () => {
    h = await startConversationHarness(servers, "convwatch", { clock: () => NOW });
    await h.bus.publish([
      inboundEvent(open, "l-open", NOW - HOUR, cloudHosting),
      inboundEvent(closed, "l-closed", NOW - 30 * HOUR, onPremisesHosting),
      acceptedEvent(otherNumber, "l-other", NOW - 2 * HOUR),
      inboundEvent(threadRef(tenantB, "15550400001", "111"), "b-1", NOW - HOUR, cloudHosting),
    ]);
    await eventually(async () => {
      if ((await listIds(tenantL, {})).length < 3) throw new Error("threads not stored yet");
      if ((await listIds(tenantB, {})).length < 1) throw new Error("tenant B thread not stored yet");
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function listIds(scope: TenantScope, filters: Partial<ListThreadsRequest>): Promise<string[]> {
    const ids: string[] = [];
    let cursor = "";
    do {
      const page = await callUnary(
        "ListThreads",
        h.client.listThreads.bind(h.client),
        { ...any, ...filters, cursor },
        { scope },
      );
      ids.push(...page.threads.map((t) => t.threadId));
      cursor = page.nextCursor;
    } while (cursor);
    return ids.sort();
  }

  it("filters threads by number, hosting mode, encryption state, window and update time", async () => {
    const sorted = (...threads: ReturnType<typeof threadRef>[]) => threads.map(idOf).sort();
    expect(await listIds(tenantL, {})).toEqual(sorted(open, closed, otherNumber));
    expect(await listIds(tenantL, { phoneNumberId: "111" })).toEqual(sorted(open, closed));
    expect(await listIds(tenantL, { hostingMode: "on_premises" })).toEqual(sorted(closed));
    expect(await listIds(tenantL, { encryptionState: "provider_accessible" })).toEqual(sorted(open, otherNumber));
    expect(await listIds(tenantL, { windowOpen: true })).toEqual(sorted(open));
    // Paged one at a time: the cursor composes with the filter.
    expect(await listIds(tenantL, { windowOpen: false, pageSize: 1 })).toEqual(sorted(closed, otherNumber));
    expect(await listIds(tenantL, { updatedSinceMs: NOW - 90 * 60 * 1000 })).toEqual(sorted(open));
    expect(await listIds(tenantL, { phoneNumberId: "111", windowOpen: true, hostingMode: "cloud" })).toEqual(
      sorted(open),
    );
    // Tenant B's own thread matches the same filters, and nothing of tenant L does.
    expect(await listIds(tenantB, { phoneNumberId: "111", windowOpen: true })).toEqual([
      threadIdOf(tenantB.tenantId, "111", "15550400001"),
    ]);
    expect(await listIds({ tenantId: tenantL.tenantId, businessId: "biz-other" }, {})).toEqual([]);
  });

  it("streams a thread's new messages and status changes, and nothing of it to another tenant", async () => {
    const thread = collect(h.client.watchThread({ threadId: idOf(open) }, metadataOf(tenantL)));
    const business = collect(h.client.watchBusiness({ phoneNumberId: "" }, metadataOf(tenantL)));
    const otherTenant = collect(h.client.watchBusiness({ phoneNumberId: "" }, metadataOf(tenantB)));
    // The watch consumer reads live events only: wait until it is positioned.
    let n = 0;
    await eventually(async () => {
      await h.bus.publish([inboundEvent(otherNumber, `warmup-${n++}`, NOW - HOUR)]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (business.seen.length === 0) throw new Error("watch consumer not live yet");
    }, 60_000);

    await h.bus.publish([
      inboundEvent(open, "watch-in", NOW),
      acceptedEvent(open, "watch-out", NOW),
      statusEvent(open, "watch-out", "sent"),
    ]);
    await eventually(async () => {
      if (!thread.seen.some((a) => a.status?.status === "sent")) throw new Error("status change not streamed yet");
    });
    expect(thread.seen.map((a) => a.message?.messageId ?? `${a.status?.messageId}:${a.status?.status}`)).toEqual([
      "watch-in",
      "watch-out",
      "watch-out:sent",
    ]);
    expect(thread.seen.every((a) => a.threadId === idOf(open))).toBe(true);
    expect(thread.seen[0]?.message).toMatchObject({ direction: "inbound", threadId: idOf(open) });
    expect(thread.seen[2]?.status).toMatchObject({ previousStatus: "accepted", status: "sent" });
    // The business stream saw the warm-up on the other number too; the thread stream did not.
    expect(business.seen.some((a) => a.threadId === idOf(otherNumber))).toBe(true);

    // Tenant B's own event arrives after all of tenant A's: once seen, B has seen everything it will.
    await h.bus.publish([inboundEvent(threadRef(tenantB, "15550400001", "111"), "b-2", NOW)]);
    await eventually(async () => {
      if (otherTenant.seen.length === 0) throw new Error("tenant B event not streamed yet");
    });
    expect(otherTenant.seen.map((a) => a.message?.messageId)).toEqual(["b-2"]);
    for (const s of [thread, business, otherTenant]) s.cancel();
  });

  it("refuses to watch another tenant's thread or without a tenant", async () => {
    const foreign = collect(h.client.watchThread({ threadId: idOf(open) }, metadataOf(tenantB)));
    expect(await foreign.ended).toBe(status.NOT_FOUND);
    const otherBusiness = collect(
      h.client.watchThread({ threadId: idOf(open) }, metadataOf({ tenantId: tenantL.tenantId, businessId: "x" })),
    );
    expect(await otherBusiness.ended).toBe(status.NOT_FOUND);
    const anonymous = collect(h.client.watchBusiness({ phoneNumberId: "" }, new Metadata()));
    expect(await anonymous.ended).toBe(status.UNAUTHENTICATED);
    expect([...foreign.seen, ...otherBusiness.seen, ...anonymous.seen]).toEqual([]);
  });

  it("ends open streams cleanly with OK on shutdown", async () => {
    const stream = collect(h.client.watchThread({ threadId: idOf(open) }, metadataOf(tenantL)));
    await eventually(async () => {
      if (h.service.hub.size === 0) throw new Error("stream not registered yet");
    });
    h.service.hub.close();
    expect(await stream.ended).toBe(status.OK);
  });
});
