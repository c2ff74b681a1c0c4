// The Kafka key of every thread event. Same thread → same key → same partition → kept in order.
import type { ThreadRef } from "../gen/switchboard/events/v1/messages.ts";

export function threadKey(thread: Pick<ThreadRef, "tenantId" | "phoneNumberId" | "customerId">): string {
  return `${thread.tenantId}/${thread.phoneNumberId}/${thread.customerId}`;
}
