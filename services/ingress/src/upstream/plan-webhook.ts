// Plans what a verified webhook body publishes: resolves each change's target (tenant, business,
// number), translates Meta's ids of our Cloud API sends in statuses, and normalizes. Changes for
// numbers or accounts hosted nowhere here are returned as unknown ids, not planned.
import { normalizeChange } from "./normalize-change.ts";
import type { PlannedEvent } from "./planned-event.ts";
import type { UpstreamMessageIds } from "./upstream-message-ids.ts";
import { createTargetResolver, type UpstreamRouting } from "./upstream-targets.ts";
import { objectsIn, stringField, type WebhookEntry } from "./webhook-payload.ts";

export async function planWebhook(
  entries: readonly WebhookEntry[],
  deps: { routing: UpstreamRouting; messageIds?: UpstreamMessageIds },
  receivedAtMs: number,
): Promise<{ planned: PlannedEvent[]; unknownIds: string[] }> {
  const resolver = createTargetResolver(deps.routing);
  const planned: PlannedEvent[] = [];
  const unknownIds: string[] = [];
  for (const entry of entries) {
    for (const change of entry.changes) {
      const { target, unknownId } = await resolver.resolve(entry.id, change);
      if (!target) {
        unknownIds.push(unknownId);
        continue;
      }
      const statusIds = objectsIn(change.value, "statuses").flatMap((s) => stringField(s, "id") ?? []);
      const ourIds =
        deps.messageIds && statusIds.length > 0
          ? await deps.messageIds.ourIds(target.tenantId, statusIds)
          : new Map<string, string>();
      planned.push(...normalizeChange(change, target, receivedAtMs, ourIds));
    }
  }
  return { planned, unknownIds };
}
