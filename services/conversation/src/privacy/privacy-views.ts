// Maps privacy records to their gRPC messages. No record holds content, so neither does a view.
import type {
  ErasureTombstone,
  MarketingPreference,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { MarketingPreferenceRecord, TombstoneRecord } from "./privacy-records.ts";

export const toPreference = (p: MarketingPreferenceRecord | undefined): MarketingPreference => ({
  optedOut: p?.optedOut ?? false,
  changedAtMs: p?.changedAtMs ?? 0,
  source: p?.source ?? "",
});

export const toTombstone = (t: TombstoneRecord): ErasureTombstone => ({
  threadId: t.threadId,
  threadIds: t.threadIds,
  requestedBy: t.requestedBy,
  requestedAtMs: t.requestedAtMs,
  completedAtMs: t.completedAtMs,
  messagesErased: t.messagesErased,
});
