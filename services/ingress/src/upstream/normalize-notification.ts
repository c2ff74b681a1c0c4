// Everything that is not a customer message or a status — account updates, template updates,
// group changes, change-level `errors`, fields Meta adds later — becomes one
// UpstreamNotificationReceived with the change's value as JSON. Nothing is dropped for being new.
import { event } from "@switchboard/kit";
import { UpstreamNotificationReceivedEvent } from "@switchboard/proto";
import { eventIdOf } from "../upstream-ids/upstream-event-id.ts";
import type { PlannedEvent, UpstreamTarget } from "./planned-event.ts";
import type { JsonObject } from "./webhook-payload.ts";

export function notificationEvent(
  field: string,
  value: JsonObject,
  target: UpstreamTarget,
  receivedAtMs: number,
): PlannedEvent {
  const valueJson = JSON.stringify(value);
  return {
    event: event(UpstreamNotificationReceivedEvent, {
      // Same change delivered twice → same id, so consumers can recognise the repeat.
      id: eventIdOf(target.tenantId, ["notification", field, target.phoneNumberId, valueJson]),
      key: target.businessId,
      tenantId: target.tenantId,
      data: {
        tenantId: target.tenantId,
        businessId: target.businessId,
        phoneNumberId: target.phoneNumberId,
        field,
        valueJson,
        receivedAtMs,
      },
    }),
  };
}
