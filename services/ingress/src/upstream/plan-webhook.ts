// Plans what a verified webhook body publishes: resolves each change's target (tenant, business,
// number), translates Meta's ids of our Cloud API sends in statuses, and normalizes. Changes for
// numbers or accounts hosted nowhere here are returned as unknown ids, not planned. The ids are
// translated with one lookup per tenant the body names, not one per change.

import type { UpstreamRouting } from "../tenancy/upstream-routing.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { normalizeChange } from "./normalize-change.ts";
import type { PlannedEvent, UpstreamTarget } from "./planned-event.ts";
import { createTargetResolver } from "./upstream-targets.ts";
import { objectsIn, stringField, type WebhookChange, type WebhookEntry } from "./webhook-payload.ts";

export async function planWebhook(
  entries: readonly WebhookEntry[],
  deps: { routing: UpstreamRouting; messageIds: UpstreamMessageIds },
  receivedAtMs: number,
): Promise<{ planned: PlannedEvent[]; unknownIds: string[] }> {
  const resolver = createTargetResolver(deps.routing);
  const resolved = await Promise.all(
    entries.flatMap((entry) =>
      entry.changes.map(async (change) => ({ change, ...(await resolver.resolve(entry.id, change)) })),
    ),
  );
  const unknownIds = resolved.flatMap((r) => (r.target ? [] : [r.unknownId]));
  const routed = resolved.flatMap((r) => (r.target ? [{ change: r.change, target: r.target }] : []));
  const ourIds = await translatedIds(routed, deps.messageIds);
  const planned = routed.flatMap(({ change, target }) =>
    normalizeChange(change, target, receivedAtMs, ourIds.get(target.tenantId)),
  );
  return { planned, unknownIds };
}

/** Per tenant: our ids of the Meta ids the body's statuses name (one lookup per tenant). */
async function translatedIds(
  routed: readonly { change: WebhookChange; target: UpstreamTarget }[],
  messageIds: UpstreamMessageIds,
): Promise<Map<string, ReadonlyMap<string, string>>> {
  const byTenant = new Map<string, Set<string>>();
  for (const { change, target } of routed) {
    for (const status of objectsIn(change.value, "statuses")) {
      const id = stringField(status, "id");
      if (id === undefined) continue;
      const ids = byTenant.get(target.tenantId) ?? new Set<string>();
      ids.add(id);
      byTenant.set(target.tenantId, ids);
    }
  }
  if (byTenant.size === 0) return new Map();
  return new Map(
    await Promise.all(
      [...byTenant].map(async ([tenantId, ids]) => [tenantId, await messageIds.ourIds(tenantId, [...ids])] as const),
    ),
  );
}
