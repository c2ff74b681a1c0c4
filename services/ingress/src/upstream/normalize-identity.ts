// When Meta names a customer by both business-scoped user id and wa_id, threads started from our
// side (keyed by the wa_id the business sent to) must be linked to the BSUID-keyed thread. This
// emits that link once per (tenant, wa_id, user id): the dedupe claim makes repeats free.
import { event } from "@switchboard/kit";
import { CustomerIdentityChangedEvent, threadKey } from "@switchboard/proto";
import { eventIdOf } from "../upstream-ids/upstream-event-id.ts";
import type { Customer } from "./customer-identity.ts";
import type { PlannedEvent, UpstreamTarget } from "./planned-event.ts";

export function identityEvents(target: UpstreamTarget, customer: Customer, atMs: number): PlannedEvent[] {
  const { userId, customerWaId } = customer;
  if (userId === undefined || customerWaId === "") return [];
  const waThread = {
    tenantId: target.tenantId,
    businessId: target.businessId,
    phoneNumberId: target.phoneNumberId,
    customerId: customerWaId,
    customerWaId,
  };
  return [
    {
      claim: { kind: "identity_link", wamid: `${target.phoneNumberId}/${customerWaId}`, status: userId },
      event: event(CustomerIdentityChangedEvent, {
        id: eventIdOf(target.tenantId, ["identity_link", target.phoneNumberId, customerWaId, userId]),
        key: threadKey(waThread),
        tenantId: target.tenantId,
        data: { thread: waThread, newCustomerId: userId, newCustomerWaId: customerWaId, changedAtMs: atMs },
      }),
    },
  ];
}
