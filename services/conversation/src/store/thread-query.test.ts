import { describe, expect, it } from "vitest";
import type { ThreadRecord } from "../domain/records.ts";
import { WINDOW_MS } from "../domain/service-window.ts";
import { createInMemoryConversationStore } from "./in-memory-conversation-store.ts";

const NOW = 1_800_000_000_000;
const thread = (
  threadId: string,
  over: Partial<ThreadRecord>,
): Omit<ThreadRecord, "tenantId" | "createdAtMs" | "updatedAtMs" | "lastInboundAtMs"> => ({
  businessId: "b",
  threadId,
  phoneNumberId: "p1",
  customerId: threadId,
  customerWaId: threadId,
  hosting: { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] },
  ...over,
});

describe("thread list filters (in-memory adapter)", () => {
  it("filters by number, hosting, window and update time, confined to the tenant", async () => {
    const store = createInMemoryConversationStore();
    const scope = { tenantId: "t", businessId: "" };
    const message = (threadId: string, direction: "inbound" | "outbound", at: number) => ({
      threadId,
      messageId: `${threadId}-m`,
      direction,
      type: "text",
      status: "",
      bodyJson: "{}",
      createdAtMs: at,
      hosting: { hostingMode: "cloud" as const, encryptionState: "provider_accessible" as const, processors: [] },
    });
    await store.recordMessage(scope, thread("a", {}), message("a", "inbound", NOW - 1));
    await store.recordMessage(
      scope,
      thread("b", { hosting: { hostingMode: "on_premises", encryptionState: "end_to_end", processors: ["business"] } }),
      message("b", "inbound", NOW - WINDOW_MS),
    );
    await store.recordMessage(scope, thread("c", { phoneNumberId: "p2" }), message("c", "outbound", NOW - 5));
    await store.recordMessage({ tenantId: "other", businessId: "" }, thread("d", {}), message("d", "inbound", NOW));
    const ids = async (q: Record<string, unknown>) =>
      (await store.listThreads(scope, { phoneNumberId: "", limit: 10, cursor: "", ...q })).items.map((t) => t.threadId);
    expect(await ids({})).toEqual(["a", "b", "c"]);
    expect(await ids({ phoneNumberId: "p2" })).toEqual(["c"]);
    expect(await ids({ hostingMode: "on_premises" })).toEqual(["b"]);
    expect(await ids({ encryptionState: "provider_accessible" })).toEqual(["a", "c"]);
    expect(await ids({ window: { open: true, nowMs: NOW } })).toEqual(["a"]);
    expect(await ids({ window: { open: false, nowMs: NOW } })).toEqual(["b", "c"]);
    expect(await ids({ updatedSinceMs: NOW - 5 })).toEqual(["a", "c"]);
  });
});
