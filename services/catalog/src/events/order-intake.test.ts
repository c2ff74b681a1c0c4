// Order intake after a crash between the order's append and its publish: the redelivered order
// message finds the order stored and publishes its first version's events again, so the order's
// transition (its webhook, and analytics' count of it) is not lost with the crashed publish.
import { type EventBus, isEventOf, type ReceivedEvent } from "@switchboard/kit";
import { InboundMessageReceivedEvent, OrderStatusChangedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { catalogHarness } from "../../test/support/catalog-harness.ts";
import { orderMessage } from "../../test/support/product-fixtures.ts";
import { orderIntakeHandler } from "./order-intake.ts";

describe("order intake", () => {
  it("publishes an order's first version again when its message is redelivered after a failed publish", async () => {
    const { ports, service } = await catalogHarness();
    const sent: string[] = [];
    let failNext = true;
    const bus: EventBus = {
      ...ports.bus,
      async publish(events) {
        if (failNext) {
          failNext = false;
          throw new Error("crashed before the publish");
        }
        for (const e of events) if (e.definition === OrderStatusChangedEvent) sent.push(e.id ?? "");
      },
    };
    const intake = orderIntakeHandler({ ...ports, bus }, service.products);
    // Every line names an unknown product: the order is decided (rejected) at its first version,
    // so no later version would ever carry it.
    const data = orderMessage({ messageId: "wamid.lost", items: [{ retailerId: "nope", quantity: 1, price: 1 }] });
    const received: ReceivedEvent<unknown> = {
      id: "in-1",
      type: InboundMessageReceivedEvent.type,
      source: "/test",
      time: new Date(0),
      tenantId: "t1",
      key: "k",
      data,
      topic: InboundMessageReceivedEvent.topic,
      partition: 0,
      offset: "0",
      traceHeaders: {},
    };
    expect(isEventOf(InboundMessageReceivedEvent, received)).toBe(true);
    await expect(intake([received])).rejects.toThrow("crashed");
    expect(await intake([received])).toEqual([]);
    expect(sent).toEqual(["order:o:t1/b1/wamid.lost@1"]);
  });
});
