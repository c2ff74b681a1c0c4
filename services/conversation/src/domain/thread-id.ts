// A thread is (tenant, business phone number, customer). Its id is derived from those, so every
// consumer instance and every redelivery computes the same id without a lookup, and an upsert
// by id is naturally idempotent.
import { createHash } from "node:crypto";

export function threadIdOf(tenantId: string, phoneNumberId: string, customerId: string): string {
  const digest = createHash("sha256").update(`${tenantId}\u0000${phoneNumberId}\u0000${customerId}`).digest("hex");
  return `th_${digest.slice(0, 32)}`;
}
