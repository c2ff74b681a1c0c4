// Turns platform events into the `changes[]` items of Meta's `whatsapp_business_account` webhook,
// shaped exactly as Meta sends them (field `messages`; value with messaging_product, metadata and
// contacts + messages, statuses, or a `system` message). Pure: no I/O, no clock.
import type {
  InboundMessageReceived,
  MessageStatusChanged,
  SystemMessageAdded,
  ThreadRef,
} from "@switchboard/proto/gen/switchboard/events/v1/messages";

export interface PhoneMetadata {
  display_phone_number: string;
  phone_number_id: string;
}

export type JsonObject = { [key: string]: unknown };

export interface GraphChange {
  field: "messages";
  value: JsonObject;
}

// Meta's timestamps are Unix seconds as strings.
const seconds = (ms: number) => String(Math.floor(ms / 1000));

function parseObject(json: string): JsonObject {
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as JsonObject) : {};
  } catch {
    return {};
  }
}

function parseArray(json: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

const envelope = (metadata: PhoneMetadata) => ({ messaging_product: "whatsapp", metadata });

/** The customer's address as Meta writes it: wa_id, and user_id when a business-scoped id is known. */
function customerIds(thread: ThreadRef): { wa_id?: string; user_id?: string } {
  const waId = thread.customerWaId;
  const userId = thread.customerId !== waId ? thread.customerId : "";
  return { ...(waId ? { wa_id: waId } : {}), ...(userId ? { user_id: userId } : {}) };
}

export function inboundChange(event: InboundMessageReceived, metadata: PhoneMetadata): GraphChange {
  const thread = event.thread ?? emptyThread;
  const upstream = parseObject(event.messageJson);
  // The upstream may carry the sender's profile beside the message; Meta puts it in contacts[].
  const { profile, from, id: _id, timestamp: _timestamp, type: _type, ...content } = upstream;
  const upstreamContact = parseObject(event.contactJson);
  const contactProfile = upstreamContact.profile ?? profile;
  const name =
    contactProfile !== null && typeof contactProfile === "object" ? (contactProfile as JsonObject).name : undefined;
  const message: JsonObject = {
    ...(thread.customerWaId ? { from: thread.customerWaId } : from === undefined ? {} : { from }),
    id: event.messageId,
    timestamp: seconds(event.sentAtMs || event.receivedAtMs),
    type: event.type,
    ...content,
  };
  const contact = { profile: { name: typeof name === "string" ? name : "" }, ...customerIds(thread) };
  return { field: "messages", value: { ...envelope(metadata), contacts: [contact], messages: [message] } };
}

export function statusChange(event: MessageStatusChanged, metadata: PhoneMetadata): GraphChange {
  const thread = event.thread ?? emptyThread;
  const errors = parseArray(event.errorsJson);
  const status: JsonObject = {
    id: event.messageId,
    status: event.status,
    timestamp: seconds(event.statusAtMs),
    recipient_id: thread.customerWaId || thread.customerId,
    ...(thread.customerId !== thread.customerWaId && thread.customerId ? { recipient_user_id: thread.customerId } : {}),
    ...(event.bizOpaqueCallbackData ? { biz_opaque_callback_data: event.bizOpaqueCallbackData } : {}),
    ...(event.status === "failed" ? { errors: errors.length > 0 ? errors : [unknownFailure] } : {}),
  };
  return { field: "messages", value: { ...envelope(metadata), statuses: [status] } };
}

export function systemChange(event: SystemMessageAdded, metadata: PhoneMetadata): GraphChange {
  const thread = event.thread ?? emptyThread;
  const message: JsonObject = {
    ...(thread.customerWaId ? { from: thread.customerWaId } : {}),
    id: event.messageId,
    timestamp: seconds(event.createdAtMs),
    system: { body: event.text, type: event.kind, ...customerIds(thread) },
    type: "system",
  };
  // Meta sends system messages without `contacts`.
  return { field: "messages", value: { ...envelope(metadata), messages: [message] } };
}

// A failed status that arrived without upstream errors still tells the business why, in Meta's
// shape: 131000 is Meta's generic "Something went wrong".
const unknownFailure = {
  code: 131000,
  title: "Something went wrong",
  message: "Something went wrong",
  error_data: { details: "The message could not be delivered." },
};

const emptyThread: ThreadRef = { tenantId: "", businessId: "", phoneNumberId: "", customerId: "", customerWaId: "" };
