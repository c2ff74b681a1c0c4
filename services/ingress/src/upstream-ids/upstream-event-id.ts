// The ids of events about upstream items, derived from the tenant and the item (a message, or a
// message's status), never random: the sender's `sent` and Meta's own webhook for the same
// status, or a republish after a lost claim, carry the same event id, so downstream recognises
// them as one. Both directions of the upstream use it, and neither owns it.
import { createHash } from "node:crypto";

export function eventIdOf(tenantId: string, parts: readonly string[]): string {
  return `up-${createHash("sha256")
    .update([tenantId, ...parts].join("\u0000"))
    .digest("hex")
    .slice(0, 40)}`;
}
