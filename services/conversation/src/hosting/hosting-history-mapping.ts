// Maps stored hosting history to its gRPC shape. Pure; never reads storage.
import type { HostingHistoryEntry } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { toHostingSnapshot } from "../grpc/record-views.ts";
import type { HostingHistoryRecord } from "./hosting-records.ts";

export const toHistoryEntry = (h: HostingHistoryRecord): HostingHistoryEntry => ({
  changeId: h.changeId,
  from: h.from ? toHostingSnapshot(h.from) : undefined,
  to: toHostingSnapshot(h.to),
  atMs: h.atMs,
  reason: h.reason,
  changedBy: h.changedBy,
  noticeMessageId: h.noticeMessageId,
});
