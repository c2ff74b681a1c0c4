// Resolves the tenant scope and thread of a thread event. The tenant comes from the envelope,
// which ingress set after authenticating; a payload naming another tenant is rejected (and so
// dead-lettered), never stored. The thread id follows identity-change aliases.
import { type ReceivedEvent, type TenantScope, threadScope } from "@switchboard/kit";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { threadIdOf } from "../domain/thread-id.ts";
import type { ConversationStore } from "../store/conversation-store.ts";

export function threadOf(event: ReceivedEvent<{ thread: ThreadRef | undefined }>): {
  scope: TenantScope;
  ref: ThreadRef;
} {
  const { scope, thread: ref } = threadScope(event, event.data.thread);
  return { scope, ref };
}

/** The stored thread id of a thread ref: derived from its participants, then alias-resolved. */
export function threadIdFor(store: ConversationStore, scope: TenantScope, ref: ThreadRef): Promise<string> {
  return store.resolveThreadId(scope, threadIdOf(ref.tenantId, ref.phoneNumberId, ref.customerId));
}
