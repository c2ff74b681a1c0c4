// Who a webhook item is about. Customers are keyed by their business-scoped user id (BSUID,
// `user_id`, in webhooks since April 2026) when Meta sends one and by `wa_id` otherwise; the
// phone number may be absent for users with usernames. Never invents an id.
import { type JsonObject, stringField } from "./webhook-payload.ts";

export interface Customer {
  /** The thread's customer key: BSUID when known, otherwise wa_id. */
  customerId: string;
  /** "" when Meta did not send a phone number. */
  customerWaId: string;
  /** Both ids are known: conversation may need to link a wa_id-keyed thread to the BSUID. */
  userId: string | undefined;
}

function customer(userId: string | undefined, waId: string | undefined): Customer | undefined {
  const customerId = userId ?? waId;
  return customerId === undefined ? undefined : { customerId, customerWaId: waId ?? "", userId };
}

/** The sender of an inbound message, using the value's `contacts` for ids the message lacks. */
export function senderOf(message: JsonObject, contacts: readonly JsonObject[]): Customer | undefined {
  const from = stringField(message, "from");
  const fromUserId = stringField(message, "from_user_id");
  const contact =
    contacts.find(
      (c) =>
        (from !== undefined && stringField(c, "wa_id") === from) ||
        (fromUserId !== undefined && stringField(c, "user_id") === fromUserId),
    ) ?? (contacts.length === 1 ? contacts[0] : undefined);
  return customer(fromUserId ?? stringField(contact, "user_id"), from ?? stringField(contact, "wa_id"));
}

/** The recipient of the outbound message a status is about. */
export function recipientOf(status: JsonObject): Customer | undefined {
  return customer(stringField(status, "recipient_user_id"), stringField(status, "recipient_id"));
}
