// Parses a `POST /{version}/{phone_number_id}/messages` body: either a message of one of the
// families in message-types/ or a mark-read / typing-indicator request. Unknown or unsupported
// types and bodies that are not JSON objects are error 100, as on Meta; everything else is the
// first schema issue as 131008 / 131009. A `null` at an optional field is read as absent, and an
// object or array parameter may come JSON-encoded as a string, as on Graph. Never returns an
// unvalidated body.
import { invalidParameter } from "../graph/graph-errors.ts";
import { issueToGraphError } from "./issue-to-graph-error.ts";
import { decodeJsonParam, withDecodedJsonParams } from "./json-string-params.ts";
import { type MarkReadRequest, markReadRequest } from "./message-types/mark-read-request.ts";
import {
  INTERACTIVE_FAMILIES,
  MESSAGE_FAMILIES,
  type MessageFamily,
  type ProductReference,
} from "./message-types/message-families.ts";
import { withoutOptionalNulls } from "./optional-nulls.ts";

export interface MessageRequest {
  kind: "message";
  type: string;
  to: string;
  contextMessageId: string | undefined;
  bizOpaqueCallbackData: string | undefined;
  /** The validated body, as forwarded upstream in the event. */
  body: object;
  products: ProductReference | undefined;
}

export interface ReadRequest {
  kind: "read";
  messageId: string;
  typingIndicator: boolean;
}

export type SendRequest = MessageRequest | ReadRequest;

const describe = (value: unknown) => (typeof value === "string" ? value.slice(0, 32) : typeof value);

function familyOf(body: Record<string, unknown>, type: unknown): MessageFamily {
  const found = typeof type === "string" ? MESSAGE_FAMILIES.get(type) : undefined;
  if (found) return found;
  if (type !== "interactive") throw invalidParameter(`Unsupported message type: ${describe(type)}`);
  // Graph also takes the object as a JSON-encoded string (json-string-params.ts).
  const interactive =
    typeof body.interactive === "string" ? decodeJsonParam("interactive", body.interactive) : body.interactive;
  if (typeof interactive !== "object" || interactive === null) {
    return INTERACTIVE_FAMILIES.get("button") as MessageFamily; // reports `interactive` as missing
  }
  const interactiveType = (interactive as { type?: unknown }).type;
  const nested = typeof interactiveType === "string" ? INTERACTIVE_FAMILIES.get(interactiveType) : undefined;
  if (!nested) throw invalidParameter(`Unsupported interactive message type: ${describe(interactiveType)}`);
  return nested;
}

function parseRead(body: Record<string, unknown>): ReadRequest {
  const candidate = withoutOptionalNulls(markReadRequest, withDecodedJsonParams(markReadRequest, body));
  const parsed = markReadRequest.safeParse(candidate);
  if (!parsed.success) throw issueToGraphError(candidate, parsed.error);
  const request: MarkReadRequest = parsed.data;
  return { kind: "read", messageId: request.message_id, typingIndicator: request.typing_indicator !== undefined };
}

export function parseSendRequest(input: unknown): SendRequest {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalidParameter("The request body must be a JSON object");
  }
  const body = input as Record<string, unknown>;
  if (body.status !== undefined && body.status !== null) return parseRead(body);
  // Meta treats a request without `type` as text.
  const type = body.type ?? "text";
  const family = familyOf(body, type);
  const candidate = withoutOptionalNulls(family.schema, withDecodedJsonParams(family.schema, { ...body, type }));
  const parsed = family.schema.safeParse(candidate);
  if (!parsed.success) throw issueToGraphError(candidate, parsed.error);
  const message = parsed.data;
  return {
    kind: "message",
    type: message.type,
    to: message.to,
    contextMessageId: message.context?.message_id,
    bizOpaqueCallbackData: message.biz_opaque_callback_data,
    body: message,
    products: family.products(message),
  };
}
