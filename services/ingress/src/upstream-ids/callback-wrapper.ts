// Our message id, carried where Meta echoes it back. Meta repeats a send's
// `biz_opaque_callback_data` in every status webhook of that message, so when the send's answer
// (and with it Meta's wamid) is lost, the statuses still name our message. The Cloud API channel
// wraps the business's value in our own prefix; the webhook intake unwraps it, gives the
// business back exactly its own value and, if Meta's wamid is not one we recorded, attributes the
// status by the id inside. Never sent or returned to a business.
//
// Encoding: `~sb1:<length of our id, decimal>:<our id><the business's value>`. The length prefix
// makes it unambiguous whatever either part contains; the business's value is the tail, never
// parsed, so a value that itself looks like a wrapper is carried inside, not read as ours.
//
// Meta takes at most 512 characters. Our part is ~46 characters (a 38-character id), so a
// business value that would not fit wrapped is sent as it is: that message's statuses can then
// only be attributed by Meta's wamid (lost only if its answer is lost too). We chose that over
// refusing such values at accept: Meta takes up to 512, and a Graph-compatible API must too.
// What keeps the unwrapped path from being read as a wrapper (a business forging attribution to
// another of its messages, or getting back a cut value): accept refuses a value that starts with
// the reserved prefix (isReservedCallbackData), so every value that reaches Meta starting with it
// is one we wrapped.

/** Versioned: a second format gets `~sb2:`, and both are read while messages of the first live. */
const PREFIX = "~sb1:";

/** Meta's limit on `biz_opaque_callback_data`. */
export const META_CALLBACK_DATA_MAX = 512;

/** Whether a business's value starts with our prefix: refused at accept, reserved for the wrapper. */
export function isReservedCallbackData(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** The value to send Meta: ours with the business's inside, or the business's alone if that would not fit. */
export function wrapCallbackData(messageId: string, businessValue: string): string {
  const wrapped = `${PREFIX}${messageId.length}:${messageId}${businessValue}`;
  return messageId.length > 0 && wrapped.length <= META_CALLBACK_DATA_MAX ? wrapped : businessValue;
}

export interface EchoedCallbackData {
  /** Exactly what the business sent ("" for none). */
  businessValue: string;
  /** Our message id, when the echoed value is our wrapper. */
  messageId?: string;
}

const LENGTH = /^([1-9][0-9]{0,2}):/;

/** Reads what Meta echoed: our wrapper is taken apart, anything else is the business's own value. */
export function unwrapCallbackData(echoed: string): EchoedCallbackData {
  if (!echoed.startsWith(PREFIX)) return { businessValue: echoed };
  const rest = echoed.slice(PREFIX.length);
  const length = LENGTH.exec(rest);
  const idLength = Number(length?.[1]);
  const start = length?.[0].length ?? 0;
  // Not a wrapper we could have written (only an event accepted before the prefix was reserved):
  // the business's value, whole.
  if (!length || rest.length < start + idLength) return { businessValue: echoed };
  return { messageId: rest.slice(start, start + idLength), businessValue: rest.slice(start + idLength) };
}

/**
 * A validated Graph send body with its `biz_opaque_callback_data` wrapped for Meta. A body that is
 * not a JSON object (never, after validation) is sent as it is.
 */
export function withOurCallbackData(bodyJson: string, messageId: string): string {
  let body: unknown;
  try {
    body = JSON.parse(bodyJson);
  } catch {
    return bodyJson;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return bodyJson;
  const own = (body as { biz_opaque_callback_data?: unknown }).biz_opaque_callback_data;
  const businessValue = typeof own === "string" ? own : "";
  const value = wrapCallbackData(messageId, businessValue);
  if (value === "") return bodyJson;
  return JSON.stringify({ ...body, biz_opaque_callback_data: value });
}
