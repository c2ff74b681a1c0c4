// Relinks a thread when its customer changes identity (`user_changed_number`, or a business-scoped
// user id became known). Decision: the thread keeps its id and history; the id derived from the
// new customer id becomes an alias of it, so later events for the new identity land in the same
// thread. A thread already started under the new identity is merged into it. Idempotent.
import type { ReceivedEvent } from "@switchboard/kit";
import type { CustomerIdentityChanged } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { threadIdOf } from "../domain/thread-id.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { threadIdFor, threadOf } from "./thread-scope.ts";

export function identityChangedHandler(store: ConversationStore) {
  return async (event: ReceivedEvent<CustomerIdentityChanged>): Promise<void> => {
    const { scope, ref } = threadOf(event);
    const { newCustomerId, newCustomerWaId, changedAtMs } = event.data;
    if (!newCustomerId) throw new Error("identity change without a new customer id");
    await store.relinkThread(scope, {
      threadId: await threadIdFor(store, scope, ref),
      aliasThreadId: threadIdOf(ref.tenantId, ref.phoneNumberId, newCustomerId),
      customerId: newCustomerId,
      customerWaId: newCustomerWaId || ref.customerWaId,
      changedAtMs,
    });
  };
}
