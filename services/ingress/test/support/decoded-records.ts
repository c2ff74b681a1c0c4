// What an in-memory bus received from the upstream webhook, decoded: the envelope fields a test
// checks and the payload of each of the four event types the webhook publishes.
import type { InMemoryEventBus } from "@switchboard/kit";
import {
  CustomerIdentityChangedEvent,
  type EventDefinition,
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  UpstreamNotificationReceivedEvent,
} from "@switchboard/proto";

const DEFINITIONS: EventDefinition<unknown>[] = [
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  CustomerIdentityChangedEvent,
  UpstreamNotificationReceivedEvent,
] as EventDefinition<unknown>[];

export interface DecodedRecord {
  type: string;
  id: string;
  key: string;
  tenantId: string;
  data: Record<string, unknown>;
}

export function decoded(bus: InMemoryEventBus): DecodedRecord[] {
  return bus.records.map((record) => {
    const type = record.headers.ce_type ?? "";
    const definition = DEFINITIONS.find((d) => d.type === type);
    if (!definition) throw new Error(`unexpected event type ${type}`);
    return {
      type,
      id: record.headers.ce_id ?? "",
      key: record.key,
      tenantId: record.headers.ce_tenantid ?? "",
      data: definition.codec.decode(record.value) as Record<string, unknown>,
    };
  });
}
