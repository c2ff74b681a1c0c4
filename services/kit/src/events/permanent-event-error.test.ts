import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { acceptedMessage } from "../../test/support/event-fixtures.ts";
import { event } from "./event-bus.ts";
import { EventHandlers, isEventOf } from "./event-handlers.ts";
import { createInMemoryEventBus } from "./in-memory-event-bus.ts";
import { PermanentEventError } from "./permanent-event-error.ts";
import type { ReceivedEvent } from "./received-event.ts";

const accepted = (messageId: string) =>
  event(OutboundMessageAcceptedEvent, { key: "k", tenantId: "t1", data: acceptedMessage(messageId) });
const idOf = (e: ReceivedEvent<unknown>) => (isEventOf(OutboundMessageAcceptedEvent, e) ? e.data.messageId : "?");

describe("permanent event errors", () => {
  it("park a per-event handler's event at once, without retries, and let the rest through", async () => {
    const bus = createInMemoryEventBus();
    const calls: string[] = [];
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 5,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => {
        calls.push(e.data.messageId);
        if (e.data.messageId === "poison") throw new PermanentEventError("payload tenant differs from envelope tenant");
      }),
    });
    await bus.publish([accepted("m1"), accepted("poison"), accepted("m3")]);
    expect(calls).toEqual(["m1", "poison", "m3"]);
    expect(bus.deadLetters.map((d) => ({ error: d.error, attempts: d.attempts }))).toEqual([
      { error: "PermanentEventError: payload tenant differs from envelope tenant", attempts: 1 },
    ]);
  });

  it("end the retries of an event that failed transiently before, counting the attempts made", async () => {
    const bus = createInMemoryEventBus();
    let calls = 0;
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 5,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async () => {
        calls++;
        throw calls === 1 ? new Error("store down") : new PermanentEventError("never storable");
      }),
    });
    await bus.publish([accepted("m1")]);
    expect(calls).toBe(2);
    expect(bus.deadLetters.map((d) => d.attempts)).toEqual([2]);
    expect(bus.deadLetters[0]?.error).toContain("never storable");
  });

  it("park a batch handler's permanent rejections without retrying them alone; others are retried", async () => {
    const bus = createInMemoryEventBus();
    const calls: string[][] = [];
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 3,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], async (events) => {
        calls.push(events.map(idOf));
        return events.flatMap((e) => {
          if (idOf(e) === "poison") return [{ event: e, error: new PermanentEventError("foreign tenant") }];
          if (idOf(e) === "late") return [{ event: e, error: new Error("not stored yet") }];
          return [];
        });
      }),
    });
    await bus.publish([accepted("m1"), accepted("poison"), accepted("late")]);
    // The batch once, then only the transient rejection alone, for the remaining attempts.
    expect(calls).toEqual([["m1", "poison", "late"], ["late"], ["late"]]);
    expect(bus.deadLetters.map((d) => ({ error: d.error, attempts: d.attempts }))).toEqual([
      { error: "PermanentEventError: foreign tenant", attempts: 1 },
      { error: "Error: not stored yet", attempts: 3 },
    ]);
  });

  it("stop retrying a batch that throws one, and isolate the event it was about", async () => {
    const bus = createInMemoryEventBus();
    const calls: string[][] = [];
    const stored: string[] = [];
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 3,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], async (events) => {
        const ids = events.map(idOf);
        calls.push(ids);
        if (ids.includes("poison")) throw new PermanentEventError("cannot store poison");
        stored.push(...ids);
        return [];
      }),
    });
    await bus.publish([accepted("m1"), accepted("poison"), accepted("m3")]);
    expect(calls).toEqual([["m1", "poison", "m3"], ["m1"], ["poison"], ["m3"]]);
    expect(stored).toEqual(["m1", "m3"]);
    expect(bus.deadLetters.map((d) => ({ error: d.error, attempts: d.attempts }))).toEqual([
      { error: "PermanentEventError: cannot store poison", attempts: 1 },
    ]);
  });

  it("keep a rejection's own error when no attempt is left to retry it alone", async () => {
    const bus = createInMemoryEventBus();
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 1,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], async (events) =>
        events.map((e) => ({ event: e, error: new Error("unknown message") })),
      ),
    });
    await bus.publish([accepted("m1")]);
    expect(bus.deadLetters.map((d) => ({ error: d.error, attempts: d.attempts }))).toEqual([
      { error: "Error: unknown message", attempts: 1 },
    ]);
  });
});
