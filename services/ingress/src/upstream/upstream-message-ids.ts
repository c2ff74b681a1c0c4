// The UpstreamMessageIds port: Meta's Cloud API gives each sent message its own wamid, while the
// business knows the id we returned. The upstream sender records the pair; the webhook receiver
// translates Meta's id in statuses back to ours, so the business's status webhooks name its own
// message. The record is also the sender's proof that a message already left: a redelivered
// ready-to-send event finds it and is not sent to the customer a second time.
export interface UpstreamMessageIds {
  remember(tenantId: string, upstreamId: string, messageId: string): Promise<void>;
  /** The upstream id a message was sent under, if it was sent. */
  upstreamIdOf(tenantId: string, messageId: string): Promise<string | undefined>;
  /** Our ids for those of the given upstream ids that were recorded. */
  ourIds(tenantId: string, upstreamIds: readonly string[]): Promise<Map<string, string>>;
}

export function createInMemoryUpstreamMessageIds(): UpstreamMessageIds {
  const byTenant = new Map<string, Map<string, string>>();
  return {
    async remember(tenantId, upstreamId, messageId) {
      const ids = byTenant.get(tenantId) ?? new Map<string, string>();
      ids.set(upstreamId, messageId);
      byTenant.set(tenantId, ids);
    },
    async upstreamIdOf(tenantId, messageId) {
      return [...(byTenant.get(tenantId) ?? new Map<string, string>())].find(([, ours]) => ours === messageId)?.[0];
    },
    async ourIds(tenantId, upstreamIds) {
      const ids = byTenant.get(tenantId);
      return new Map(upstreamIds.flatMap((id) => (ids?.has(id) ? [[id, ids.get(id) ?? id] as const] : [])));
    },
  };
}
