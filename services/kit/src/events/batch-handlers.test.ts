import { MessageStatusReceivedEvent, OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { acceptedMessage, testThread } from "../../test/support/event-fixtures.ts";
import { event } from "./event-bus.ts";
import { EventHandlers, isEventOf } from "./event-handlers.ts";
import { createInMemoryEventBus } from "./in-memory-event-bus.ts";
import type { ReceivedEvent } from "./received-event.ts";

const accepted = (messageId: string) =>
  event(OutboundMessageAcceptedEvent, { key: "k", tenantId: "t1", data: acceptedMessage(messageId) });
const statusOf = (messageId: string) =>
  event(MessageStatusReceivedEvent, {
    key: "k",
    tenantId: "t1",
    data: { thread: testThread, messageId, status: "sent", statusAtMs: 1, errorsJson: "", bizOpaqueCallbackData: "" },
  });
const idOf = (e: ReceivedEvent<unknown>) =>
  isEventOf(OutboundMessageAcceptedEvent, e)
    ? e.data.messageId
    : isEventOf(MessageStatusReceivedEvent, e)
      ? `s:${e.data.messageId}`
      : "?";

describe("batch handlers", () => {
  it("receive the events of one fetch together, in offset order, whatever their registered type", async () => {
    const bus = createInMemoryEventBus();
    const batches: string[][] = [];
    await bus.subscribe({
      groupId: "g",
      handlers: new EventHandlers().onBatch(
        [OutboundMessageAcceptedEvent, MessageStatusReceivedEvent],
        async (events) => {
          batches.push(events.map(idOf));
          return [];
        },
      ),
    });
    await bus.publish([accepted("m1"), statusOf("m1"), accepted("m2")]);
    expect(batches).toEqual([["m1", "s:m1", "m2"]]);
  });

  it("interleave with per-event handlers without reordering a key's events", async () => {
    const bus = createInMemoryEventBus();
    const seen: string[] = [];
    await bus.subscribe({
      groupId: "g",
      handlers: new EventHandlers()
        .onBatch([OutboundMessageAcceptedEvent], async (events) => {
          seen.push(`batch(${events.map(idOf).join(",")})`);
          return [];
        })
        .on(MessageStatusReceivedEvent, async (e) => void seen.push(`single(${e.data.messageId})`)),
    });
    await bus.publish([accepted("m1"), accepted("m2"), statusOf("m2"), accepted("m3")]);
    expect(seen).toEqual(["batch(m1,m2)", "single(m2)", "batch(m3)"]);
  });

  it("retry a failing batch whole, then isolate the poison event and handle the rest", async () => {
    const bus = createInMemoryEventBus();
    const calls: string[][] = [];
    const stored: string[] = [];
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 3,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], async (events) => {
        const ids = events.map(idOf);
        calls.push(ids);
        if (ids.includes("poison")) throw new Error("cannot store poison");
        stored.push(...ids);
        return [];
      }),
    });
    await bus.publish([accepted("m1"), accepted("poison"), accepted("m3")]);
    // Three whole-batch attempts, then one by one: m1, poison ×3, m3.
    expect(calls.slice(0, 3)).toEqual([
      ["m1", "poison", "m3"],
      ["m1", "poison", "m3"],
      ["m1", "poison", "m3"],
    ]);
    expect(calls.slice(3)).toEqual([["m1"], ["poison"], ["poison"], ["poison"], ["m3"]]);
    expect(stored).toEqual(["m1", "m3"]);
    expect(bus.deadLetters).toHaveLength(1);
    expect(bus.deadLetters[0]?.error).toContain("cannot store poison");
  });

  it("retry only the events a batch rejected, then dead-letter them", async () => {
    const bus = createInMemoryEventBus();
    const calls: string[][] = [];
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 2,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], async (events) => {
        calls.push(events.map(idOf));
        return events.filter((e) => idOf(e) === "m2").map((e) => ({ event: e, error: new Error("unknown message") }));
      }),
    });
    await bus.publish([accepted("m1"), accepted("m2"), accepted("m3")]);
    expect(calls).toEqual([["m1", "m2", "m3"], ["m2"]]);
    expect(bus.deadLetters.map((d) => d.error)).toEqual(["Error: unknown message"]);
  });
});
