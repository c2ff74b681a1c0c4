// The outside names of the dimensions (public stream, gRPC, HTTP: snake_case) and ours.
import type { DimensionName } from "./volume-query.ts";

export const DIMENSION_WIRE_NAMES: Record<DimensionName, string> = {
  phoneNumberId: "phone_number_id",
  direction: "direction",
  messageType: "message_type",
  pricingCategory: "pricing_category",
  hostingMode: "hosting_mode",
  encryptionState: "encryption_state",
  countryCode: "country_calling_code",
};

const BY_WIRE = new Map(Object.entries(DIMENSION_WIRE_NAMES).map(([ours, wire]) => [wire, ours as DimensionName]));

export function dimensionOfWireName(wire: string): DimensionName | undefined {
  return BY_WIRE.get(wire);
}
