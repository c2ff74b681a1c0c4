import { describe, expect, it } from "vitest";
import { OutboundMessageAcceptedEvent, THREAD_EVENTS_TOPIC, threadKey } from "./index.ts";

describe("event definitions", () => {
  it("round-trips an outbound message through its protobuf codec", () => {
    const { codec } = OutboundMessageAcceptedEvent;
    const event = codec.decode(
      codec
        .encode({
          thread: { tenantId: "t1", businessId: "b1", phoneNumberId: "p1", customerId: "c1", customerWaId: "15550001" },
          messageId: "wamid.abc",
          type: "text",
          bodyJson: '{"text":{"body":"hi"}}',
          contextMessageId: "",
          bizOpaqueCallbackData: "",
          acceptedAtMs: 1_700_000_000_000,
          hosting: undefined,
        })
        .finish(),
    );
    expect(event.messageId).toBe("wamid.abc");
    expect(event.thread?.customerWaId).toBe("15550001");
    expect(event.acceptedAtMs).toBe(1_700_000_000_000);
  });

  it("puts all thread events on one topic and keys them by thread", () => {
    expect(OutboundMessageAcceptedEvent.topic).toBe(THREAD_EVENTS_TOPIC);
    expect(threadKey({ tenantId: "t", phoneNumberId: "p", customerId: "c" })).toBe("t/p/c");
  });
});
