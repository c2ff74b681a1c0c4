// Maps stored hosting state and history to their gRPC shapes. Pure; never reads storage.
import type { HostingHistoryEntry } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { HostingState } from "../domain/records.ts";
import type { HostingHistoryRecord } from "./hosting-records.ts";

export const toHostingSnapshot = (h: HostingState): HostingSnapshot => ({
  hostingMode: h.hostingMode,
  encryptionState: h.encryptionState,
  processors: [...h.processors],
});

export const toHistoryEntry = (h: HostingHistoryRecord): HostingHistoryEntry => ({
  changeId: h.changeId,
  from: h.from ? toHostingSnapshot(h.from) : undefined,
  to: toHostingSnapshot(h.to),
  atMs: h.atMs,
  reason: h.reason,
  changedBy: h.changedBy,
  noticeMessageId: h.noticeMessageId,
});
