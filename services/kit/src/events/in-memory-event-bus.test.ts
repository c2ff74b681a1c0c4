import { OutboundMessageAcceptedEvent, PhoneNumberHostingChangedEvent } from "@switchboard/proto";
import type { OutboundMessageAccepted } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { describe, expect, it } from "vitest";
import { acceptedMessage } from "../../test/support/event-fixtures.ts";
import { event } from "./event-bus.ts";
import { EventHandlers } from "./event-handlers.ts";
import { createInMemoryEventBus } from "./in-memory-event-bus.ts";
import type { ReceivedEvent } from "./received-event.ts";

const accepted = (messageId: string) => acceptedMessage(messageId);

describe("in-memory event bus", () => {
  it("delivers decoded events with their envelope to the registered handler", async () => {
    const bus = createInMemoryEventBus();
    const seen: ReceivedEvent<OutboundMessageAccepted>[] = [];
    await bus.subscribe({
      groupId: "g",
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => void seen.push(e)),
    });
    await bus.publish([event(OutboundMessageAcceptedEvent, { key: "k", tenantId: "t1", data: accepted("wamid.1") })]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.data.messageId).toBe("wamid.1");
    expect(seen[0]?.tenantId).toBe("t1");
    expect(seen[0]?.type).toBe(OutboundMessageAcceptedEvent.type);
  });

  it("retries a failing handler, then parks the event on the dead-letter list", async () => {
    const bus = createInMemoryEventBus();
    let calls = 0;
    await bus.subscribe({
      groupId: "g",
      maxAttempts: 3,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async () => {
        calls++;
        throw new Error("store down");
      }),
    });
    await bus.publish([event(OutboundMessageAcceptedEvent, { key: "k", tenantId: "t1", data: accepted("wamid.2") })]);
    expect(calls).toBe(3);
    expect(bus.deadLetters).toHaveLength(1);
    expect(bus.deadLetters[0]?.error).toContain("store down");
    expect(bus.deadLetters[0]?.attempts).toBe(3);
  });

  it("succeeds on a later attempt without dead-lettering", async () => {
    const bus = createInMemoryEventBus();
    let calls = 0;
    await bus.subscribe({
      groupId: "g",
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async () => {
        calls++;
        if (calls < 2) throw new Error("transient");
      }),
    });
    await bus.publish([event(OutboundMessageAcceptedEvent, { key: "k", tenantId: "t1", data: accepted("wamid.3") })]);
    expect(calls).toBe(2);
    expect(bus.deadLetters).toHaveLength(0);
  });

  it("skips event types a subscription did not register", async () => {
    const bus = createInMemoryEventBus();
    const handlers = new EventHandlers().on(PhoneNumberHostingChangedEvent, async () => {
      throw new Error("must not be called");
    });
    await bus.subscribe({ groupId: "g", handlers });
    await bus.publish([event(OutboundMessageAcceptedEvent, { key: "k", tenantId: "t1", data: accepted("wamid.4") })]);
    expect(bus.deadLetters).toHaveLength(0);
    expect(bus.records).toHaveLength(1);
  });

  it("refuses a second handler for the same event type", () => {
    const handlers = new EventHandlers().on(OutboundMessageAcceptedEvent, async () => {});
    expect(() => handlers.on(OutboundMessageAcceptedEvent, async () => {})).toThrow(/twice/);
  });
});
