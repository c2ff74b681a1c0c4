// Answers "who could read this message": the hosting configuration the message was processed
// under (its processors), and the thread's hosting changes on either side of it. A message of
// another tenant, or of another business for a business-scoped caller, is NOT_FOUND: the same
// answer as a message that never existed.
import { AppError, type TenantScope } from "@switchboard/kit";
import type { GetAuditTrailResponse } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { toHostingSnapshot } from "../grpc/record-views.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { toHistoryEntry } from "./hosting-history-mapping.ts";
import type { HostingStore } from "./hosting-store.ts";

export interface AuditTrailDeps {
  hosting: Pick<HostingStore, "historyOf" | "numberHostings">;
  conversations: Pick<ConversationStore, "getThread" | "getMessage">;
}

export async function auditTrailOf(
  deps: AuditTrailDeps,
  scope: TenantScope,
  messageId: string,
): Promise<GetAuditTrailResponse> {
  if (messageId === "") throw new AppError("invalid_argument", "message_id is required");
  const message = await deps.conversations.getMessage(scope, messageId);
  // The thread lookup applies the business scope, which messages alone do not carry.
  if (!message || !(await deps.conversations.getThread(scope, message.threadId))) {
    throw new AppError("not_found", "message not found");
  }
  const history = await deps.hosting.historyOf(scope, message.threadId);
  const inForce = history.filter((h) => h.atMs <= message.createdAtMs).at(-1);
  const next = history.find((h) => h.atMs > message.createdAtMs);
  return {
    messageId: message.messageId,
    threadId: message.threadId,
    direction: message.direction,
    messageAtMs: message.createdAtMs,
    hosting: toHostingSnapshot(message.hosting),
    inForce: inForce ? toHistoryEntry(inForce) : undefined,
    nextChange: next ? toHistoryEntry(next) : undefined,
  };
}
