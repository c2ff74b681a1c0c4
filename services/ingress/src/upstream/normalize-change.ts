// Normalizes one webhook change for its resolved target into the events to publish. A `messages`
// change yields inbound messages, statuses and a notification for change-level `errors`; any
// other field, a `messages` change carrying none of those, or one with items we cannot attribute
// to a customer (no id, no sender) yields a notification with the whole value: never dropped.
// Pure: no I/O.
import { inboundEvents } from "./normalize-inbound.ts";
import { notificationEvent } from "./normalize-notification.ts";
import { statusEvents } from "./normalize-statuses.ts";
import type { DedupeKind, PlannedEvent, UpstreamTarget } from "./planned-event.ts";
import { objectsIn, type WebhookChange } from "./webhook-payload.ts";

const countOf = (planned: readonly PlannedEvent[], kind: DedupeKind) =>
  planned.filter((p) => p.claim?.kind === kind).length;

export function normalizeChange(
  change: WebhookChange,
  target: UpstreamTarget,
  receivedAtMs: number,
  ourIds: ReadonlyMap<string, string> = new Map(),
): PlannedEvent[] {
  const { field, value } = change;
  if (field !== "messages") return [notificationEvent(field, value, target, receivedAtMs)];
  const planned = [...inboundEvents(value, target, receivedAtMs), ...statusEvents(value, target, receivedAtMs, ourIds)];
  const unattributed =
    countOf(planned, "inbound") < objectsIn(value, "messages").length ||
    countOf(planned, "status") < objectsIn(value, "statuses").length;
  if (Array.isArray(value.errors)) planned.push(notificationEvent("errors", value, target, receivedAtMs));
  if (planned.length === 0 || unattributed) planned.push(notificationEvent(field, value, target, receivedAtMs));
  return planned;
}
