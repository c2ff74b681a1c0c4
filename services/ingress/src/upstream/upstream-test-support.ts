// Test support for the upstream webhook: loads the project's fixtures, a routing table with one
// hosted number, and decodes what an in-memory bus received. Imported by tests only.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { InMemoryEventBus } from "@switchboard/kit";
import {
  CustomerIdentityChangedEvent,
  type EventDefinition,
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  UpstreamNotificationReceivedEvent,
} from "@switchboard/proto";
import type { PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import type { UpstreamRouting } from "./upstream-targets.ts";

export const FIXTURES_DIR = join(import.meta.dirname, "../../test/fixtures/upstream");
export const fixtureNames = () =>
  readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
export const fixtureBytes = (name: string) => readFileSync(join(FIXTURES_DIR, `${name}.json`));

export const HOSTED_NUMBER: PhoneNumberRecord = {
  tenantId: "tn_upstream",
  businessId: "200000000000001",
  phoneNumberId: "100000000000001",
  displayPhoneNumber: "15550100001",
  hostingMode: "bsp",
  processors: ["business", "meta", "bsp:acme"],
  catalogId: "",
};

export function routingFor(numbers: readonly PhoneNumberRecord[]): UpstreamRouting {
  return {
    async phoneNumberForUpstream(id) {
      return numbers.find((n) => n.phoneNumberId === id);
    },
    async businessForUpstream(id) {
      const n = numbers.find((x) => x.businessId === id);
      return n && { tenantId: n.tenantId, businessId: n.businessId };
    },
  };
}

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
