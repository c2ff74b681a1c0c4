// Small factories for the read side's unit tests: hosting snapshots, threads, messages and
// history entries in the conversation service's gRPC shapes.
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { HostingHistoryEntry, Message, Thread } from "../../src/read-side/conversation-reader.ts";

export const ON_PREMISES: HostingSnapshot = {
  hostingMode: "on_premises",
  encryptionState: "end_to_end",
  processors: ["business"],
};
export const CLOUD: HostingSnapshot = {
  hostingMode: "cloud",
  encryptionState: "provider_accessible",
  processors: ["business", "meta"],
};
export const BSP: HostingSnapshot = {
  hostingMode: "bsp",
  encryptionState: "provider_accessible",
  processors: ["business", "meta", "bsp:acme"],
};

/** A valid thread id (`th_` + 32 hex) made from a small number, for readable tests. */
export const threadIdFor = (n: number) => `th_${n.toString(16).padStart(32, "0")}`;

export function aThread(fields: Partial<Thread> & { threadId: string; phoneNumberId: string }): Thread {
  return {
    customerId: "15550001111",
    customerWaId: "15550001111",
    hosting: CLOUD,
    createdAtMs: 1_700_000_000_000,
    updatedAtMs: 1_700_000_500_000,
    lastInboundAtMs: 1_700_000_400_000,
    windowOpen: true,
    windowExpiresAtMs: 1_700_086_800_000,
    ...fields,
  };
}

export function aMessage(fields: Partial<Message> & { messageId: string; threadId: string }): Message {
  return {
    direction: "inbound",
    type: "text",
    status: "",
    bodyJson: '{"text":{"body":"hi"}}',
    createdAtMs: 1_700_000_400_000,
    hosting: CLOUD,
    ...fields,
  };
}

export function anEntry(
  fields: Partial<HostingHistoryEntry> & { changeId: string; atMs: number },
): HostingHistoryEntry {
  return {
    from: undefined,
    to: CLOUD,
    reason: fields.changeId === "initial" ? "initial" : "migrated",
    changedBy: "",
    noticeMessageId: `sys.${"0".repeat(31)}1`,
    ...fields,
  };
}
