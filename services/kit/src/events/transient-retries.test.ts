// A store outage must delay events, never lose them: transient failures (store unreachable,
// a dependency unavailable) are retried past maxAttempts and never dead-lettered; events that can
// never succeed still are. Runs through the shared dispatcher on the in-memory bus.
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import mongoose from "mongoose";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { acceptedMessage } from "../../test/support/event-fixtures.ts";
import { AppError } from "../errors/app-error.ts";
import { isStoreUnavailable } from "../mongo/store-unavailable.ts";
import { dispatchRecords } from "./dispatch-records.ts";
import { encodeEnvelope } from "./envelope.ts";
import { event } from "./event-bus.ts";
import { EventHandlers } from "./event-handlers.ts";
import { createInMemoryEventBus } from "./in-memory-event-bus.ts";
import { PermanentEventError } from "./permanent-event-error.ts";

const serverSelection = () => {
  const error = new Error("Server selection timed out after 2000 ms");
  error.name = "MongoServerSelectionError";
  return error;
};

const send = (id: string) =>
  event(OutboundMessageAcceptedEvent, { key: "k", tenantId: "t1", data: acceptedMessage(id) });

describe("transient faults", () => {
  it("recognises the driver's unreachable-store errors, also as a cause, and nothing else", () => {
    expect(isStoreUnavailable(serverSelection())).toBe(true);
    expect(isStoreUnavailable(new Error("wrapped", { cause: serverSelection() }))).toBe(true);
    const notPrimary = Object.assign(new Error("not primary"), { name: "MongoServerError", code: 10107 });
    expect(isStoreUnavailable(notPrimary)).toBe(true);
    const duplicate = Object.assign(new Error("E11000"), { name: "MongoServerError", code: 11000 });
    expect(isStoreUnavailable(duplicate)).toBe(false);
    expect(isStoreUnavailable(new Error("bad payload"))).toBe(false);
  });

  it("recognises a bulk write that never reached the store, and not one the store refused", () => {
    const { MongoBulkWriteError, MongoNetworkError, MongoServerSelectionError } = mongoose.mongo;
    const unsent = (cause: Error) => new MongoBulkWriteError(cause, {} as never);
    const topology = { type: "Single", servers: new Map() } as never;
    expect(isStoreUnavailable(unsent(new MongoServerSelectionError("connection 32 closed", topology)))).toBe(true);
    expect(isStoreUnavailable(unsent(new MongoNetworkError("connection 5 closed")))).toBe(true);
    const refused = new MongoBulkWriteError(
      { message: "E11000 duplicate key", code: 11000, writeErrors: [{ code: 11000 }] } as never,
      {} as never,
    );
    expect(isStoreUnavailable(refused)).toBe(false);
  });

  it("retries an event through a store outage longer than maxAttempts and never parks it", async () => {
    const bus = createInMemoryEventBus();
    let calls = 0;
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 3,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async () => {
        calls++;
        if (calls <= 12) throw serverSelection();
      }),
    });
    await bus.publish([send("wamid.outage")]);
    expect(calls).toBe(13);
    expect(bus.deadLetters).toHaveLength(0);
  });

  it("retries a batch handler through a dependency answering unavailable, whole", async () => {
    const bus = createInMemoryEventBus();
    const sizes: number[] = [];
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 2,
      handlers: new EventHandlers().onBatch([OutboundMessageAcceptedEvent], async (events) => {
        sizes.push(events.length);
        if (sizes.length <= 6) throw new AppError("unavailable", "catalog unavailable");
        return [];
      }),
    });
    await bus.publish([send("wamid.a"), send("wamid.b")]);
    expect(sizes).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(bus.deadLetters).toHaveLength(0);
  });

  it("still parks at once an event that can never succeed", async () => {
    const bus = createInMemoryEventBus();
    await bus.subscribe({
      groupId: "g",
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async () => {
        throw new PermanentEventError("payload contradicts its envelope");
      }),
    });
    await bus.publish([send("wamid.poison")]);
    expect(bus.deadLetters).toHaveLength(1);
  });

  it("leaves the event undone, not parked, when the consumer stops during the outage", async () => {
    let running = true;
    let calls = 0;
    const handlers = new EventHandlers().on(OutboundMessageAcceptedEvent, async () => {
      calls++;
      if (calls === 4) running = false;
      throw serverSelection();
    });
    const parked: string[] = [];
    const record = {
      topic: OutboundMessageAcceptedEvent.topic,
      partition: 0,
      offset: "7",
      key: "k",
      value: OutboundMessageAcceptedEvent.codec.encode(acceptedMessage("wamid.stop")).finish(),
      headers: encodeEnvelope({ type: OutboundMessageAcceptedEvent.type, source: "/t", tenantId: "t1" }, {}),
    };
    const lastDone = await dispatchRecords([record], {
      handlers,
      maxAttempts: 2,
      retryBackoffMs: 0,
      logicalTopic: OutboundMessageAcceptedEvent.topic,
      deadLetter: async (letter) => void parked.push(letter.record.offset),
      logger: pino({ level: "silent" }),
      keyConcurrency: 1,
      shouldContinue: () => running,
      sleep: async () => {},
    });
    expect(lastDone).toBeUndefined();
    expect(parked).toEqual([]);
    expect(calls).toBe(4);
  });
});
