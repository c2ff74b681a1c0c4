// The batch path of the upstream sender: a constant number of store calls per batch, each
// thread's sends in order, and a thread whose earlier send may still be running holds back only
// its own later messages (released for the retry), never another thread's.
import { AppError, createInMemoryEventBus, createLogger, event, type ReceivedEvent } from "@switchboard/kit";
import { OutboundMessageReadyToSendEvent, threadKey } from "@switchboard/proto";
import type { OutboundMessageReadyToSend } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { describe, expect, it } from "vitest";
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { SEND_CHUNK, sendReadyBatch } from "./send-ready-batch.ts";
import type { UpstreamChannel, UpstreamMessage } from "./upstream-channel.ts";

const logger = createLogger({ service: "test", level: "silent" });
const threadOf = (customer: string) => ({
  tenantId: "t1",
  businessId: "b1",
  phoneNumberId: "100",
  customerId: customer,
  customerWaId: customer,
});

let offset = 0;
const ready = (customer: string, messageId: string): ReceivedEvent<OutboundMessageReadyToSend> => {
  const thread = threadOf(customer);
  const e = event(OutboundMessageReadyToSendEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: { thread, messageId, type: "text", bodyJson: "{}", bizOpaqueCallbackData: "", hosting: undefined },
  });
  return {
    ...e,
    type: OutboundMessageReadyToSendEvent.type,
    source: "/test",
    time: new Date(0),
    topic: OutboundMessageReadyToSendEvent.topic,
    partition: 0,
    offset: String(offset++),
    traceHeaders: {},
  } as ReceivedEvent<OutboundMessageReadyToSend>;
};

function counted(inner: UpstreamMessageIds) {
  const calls = { intents: 0, remembered: 0, released: 0 };
  const ids: UpstreamMessageIds = {
    ...inner,
    recordSendIntents: (...args) => {
      calls.intents++;
      return inner.recordSendIntents(...args);
    },
    rememberSent: (...args) => {
      calls.remembered++;
      return inner.rememberSent(...args);
    },
    releaseSendIntents: (...args) => {
      calls.released++;
      return inner.releaseSendIntents(...args);
    },
  };
  return { ids, calls };
}

function slowChannel() {
  const sent: UpstreamMessage[] = [];
  const channel: UpstreamChannel = {
    send: async (message) => {
      // Later messages of a thread answer sooner: only in-order sending keeps their order.
      await new Promise((resolve) => setTimeout(resolve, 10 - Number(message.messageId.split(".").at(-1))));
      sent.push(message);
      return { ok: true, upstreamMessageId: `meta.${message.messageId}` };
    },
    markRead: async () => ({ ok: true }),
  };
  return { sent, channel };
}

describe("upstream sender, batch path", () => {
  it("records intents and Meta's ids once per batch, and sends each thread's messages in order", async () => {
    const { ids, calls } = counted(createInMemoryUpstreamMessageIds());
    const { sent, channel } = slowChannel();
    const bus = createInMemoryEventBus();
    const events = ["c1", "c2", "c3"].flatMap((c) => [0, 1, 2, 3].map((i) => ready(c, `wamid.${c}.${i}`)));
    expect(await sendReadyBatch({ channel, bus, logger, messageIds: ids }, events)).toEqual([]);
    expect(calls).toEqual({ intents: 1, remembered: 1, released: 0 });
    for (const c of ["c1", "c2", "c3"]) {
      expect(sent.filter((m) => m.thread.customerId === c).map((m) => m.messageId)).toEqual(
        [0, 1, 2, 3].map((i) => `wamid.${c}.${i}`),
      );
    }
    expect(await ids.upstreamIdOf("t1", "wamid.c2.3")).toBe("meta.wamid.c2.3");
  });

  it("records intents a chunk at a time, right before its sends, so a crash strands at most one chunk", async () => {
    const inner = createInMemoryUpstreamMessageIds();
    const recorded: number[] = [];
    let outstanding = 0;
    let mostOutstanding = 0;
    const ids: UpstreamMessageIds = {
      ...inner,
      recordSendIntents: (tenantId, messageIds, atMs) => {
        recorded.push(messageIds.length);
        outstanding += messageIds.length;
        mostOutstanding = Math.max(mostOutstanding, outstanding);
        return inner.recordSendIntents(tenantId, messageIds, atMs);
      },
      rememberSent: (tenantId, sent) => {
        outstanding -= sent.length;
        return inner.rememberSent(tenantId, sent);
      },
    };
    const sent: string[] = [];
    const channel: UpstreamChannel = {
      send: async (message) => {
        sent.push(message.messageId);
        return { ok: true, upstreamMessageId: `meta.${message.messageId}` };
      },
      markRead: async () => ({ ok: true }),
    };
    const events = Array.from({ length: 200 }, (_, i) => ready(`c${i % 10}`, `wamid.c${i % 10}.${Math.floor(i / 10)}`));
    await sendReadyBatch({ channel, bus: createInMemoryEventBus(), logger, messageIds: ids }, events);
    expect(recorded).toEqual([SEND_CHUNK, SEND_CHUNK, SEND_CHUNK, 200 - 3 * SEND_CHUNK]);
    // Intents without an outcome never exceed one chunk: what a crash could leave unknown.
    expect(mostOutstanding).toBe(SEND_CHUNK);
    expect(sent).toHaveLength(200);
    for (let c = 0; c < 10; c++) {
      expect(sent.filter((id) => id.startsWith(`wamid.c${c}.`))).toEqual(
        Array.from({ length: 20 }, (_, i) => `wamid.c${c}.${i}`),
      );
    }
  });

  it("holds back a thread behind a send still in flight elsewhere, sends the others, and asks for a retry", async () => {
    const inner = createInMemoryUpstreamMessageIds();
    await inner.recordSendIntents("t1", ["wamid.c1.0"], Date.now());
    const { ids, calls } = counted(inner);
    const { sent, channel } = slowChannel();
    const bus = createInMemoryEventBus();
    const events = [ready("c1", "wamid.c1.0"), ready("c1", "wamid.c1.1"), ready("c2", "wamid.c2.0")];
    await expect(sendReadyBatch({ channel, bus, logger, messageIds: ids }, events)).rejects.toSatisfy(
      (error: unknown) => error instanceof AppError && error.code === "unavailable",
    );
    expect(sent.map((m) => m.messageId)).toEqual(["wamid.c2.0"]);
    expect(calls.released).toBe(1);
    // The held-back message's intent was released: once the earlier send resolves, it is sent.
    const again = await inner.recordSendIntents("t1", ["wamid.c1.1"], Date.now());
    expect(again.get("wamid.c1.1")).toEqual({ kind: "new" });
  });
});
