// Maps stored threads, messages and hosting states to their gRPC messages. Pure; never reads
// storage. Shared by every RPC that returns them (reads, export, audit), so they read alike.
import type { Message, Thread } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { HostingState, MessageRecord, ThreadRecord } from "../domain/records.ts";
import { isWindowOpen, windowExpiresAtMs } from "../domain/service-window.ts";

export const toHostingSnapshot = (h: HostingState): HostingSnapshot => ({
  hostingMode: h.hostingMode,
  encryptionState: h.encryptionState,
  processors: [...h.processors],
});

/** `nowMs` decides the window state reported: the caller's (injected) clock's time. */
export const toThread = (t: ThreadRecord, nowMs: number): Thread => ({
  threadId: t.threadId,
  phoneNumberId: t.phoneNumberId,
  customerId: t.customerId,
  customerWaId: t.customerWaId,
  hosting: toHostingSnapshot(t.hosting),
  createdAtMs: t.createdAtMs,
  updatedAtMs: t.updatedAtMs,
  lastInboundAtMs: t.lastInboundAtMs,
  windowOpen: isWindowOpen(t.lastInboundAtMs, nowMs),
  windowExpiresAtMs: windowExpiresAtMs(t.lastInboundAtMs),
});

export const toMessage = (m: MessageRecord): Message => ({
  messageId: m.messageId,
  threadId: m.threadId,
  direction: m.direction,
  type: m.type,
  status: m.status,
  bodyJson: m.bodyJson,
  createdAtMs: m.createdAtMs,
  hosting: toHostingSnapshot(m.hosting),
});
