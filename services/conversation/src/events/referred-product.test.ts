// An inbound message asking about a product (Meta's `context.referred_product`, carried on
// InboundMessageReceived by ingress) is stored with the product it names; other messages carry none.
import { createInMemoryEventBus, event } from "@switchboard/kit";
import { InboundMessageReceivedEvent, threadKey } from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createInMemoryConversationStores } from "../../test/support/in-memory-stores.ts";
import { buildConversationService } from "../conversation-service.ts";

const thread: ThreadRef = {
  tenantId: "t1",
  businessId: "b1",
  phoneNumberId: "p1",
  customerId: "c1",
  customerWaId: "c1",
};
const T0 = 1_700_000_000_000;

const inbound = (messageId: string, referredProduct?: { catalogId: string; productRetailerId: string }) =>
  event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId: "t1",
    data: {
      thread,
      messageId,
      type: "text",
      messageJson: "{}",
      sentAtMs: 0,
      receivedAtMs: T0,
      hosting: undefined,
      contactJson: "",
      ...(referredProduct ? { referredProduct } : {}),
    },
  });

describe("referred products on inbound messages", () => {
  it("stores the product a message asks about on the message", async () => {
    const bus = createInMemoryEventBus();
    const service = buildConversationService({
      stores: createInMemoryConversationStores(),
      bus,
      logger: pino({ level: "silent" }),
      clock: () => T0,
      consumerGroup: "conversation",
    });
    await bus.subscribe(service.consumers.threads);
    await bus.publish([inbound("in-1", { catalogId: "cat1", productRetailerId: "mug-blue" }), inbound("in-2")]);
    const scope = { tenantId: "t1", businessId: "b1" };
    expect((await service.stores.conversations.getMessage(scope, "in-1"))?.referredProduct).toEqual({
      catalogId: "cat1",
      productRetailerId: "mug-blue",
    });
    expect(await service.stores.conversations.getMessage(scope, "in-2")).not.toHaveProperty("referredProduct");
  });
});
