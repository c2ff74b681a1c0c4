// The UpstreamMessageIds port: Meta's Cloud API gives each sent message its own wamid, while the
// business knows the id we returned. The upstream sender records the pair; the webhook receiver
// translates Meta's id in statuses back to ours, so the business's status webhooks name its own
// message. The record is also the sender's proof that a message already left: a redelivered
// ready-to-send event finds it and is not sent to the customer a second time.
export interface UpstreamMessageIds {
  /** Idempotent: recording the same pair again changes nothing. */
  remember(tenantId: string, upstreamId: string, messageId: string): Promise<void>;
  /** The upstream id a message was sent under, if it was sent. */
  upstreamIdOf(tenantId: string, messageId: string): Promise<string | undefined>;
  /**
   * Our ids for those of the given upstream ids that were recorded under another id of ours; an
   * id not in the answer is ours already (a channel that reuses our ids) or unknown.
   */
  ourIds(tenantId: string, upstreamIds: readonly string[]): Promise<Map<string, string>>;
}

export function createInMemoryUpstreamMessageIds(): UpstreamMessageIds {
  const sent = new Map<string, string>();
  const translated = new Map<string, string>();
  const id = (tenantId: string, messageId: string) => JSON.stringify([tenantId, messageId]);
  return {
    async remember(tenantId, upstreamId, messageId) {
      if (!sent.has(id(tenantId, messageId))) sent.set(id(tenantId, messageId), upstreamId);
      if (upstreamId !== messageId && !translated.has(id(tenantId, upstreamId))) {
        translated.set(id(tenantId, upstreamId), messageId);
      }
    },
    async upstreamIdOf(tenantId, messageId) {
      return sent.get(id(tenantId, messageId));
    },
    async ourIds(tenantId, upstreamIds) {
      return new Map(
        upstreamIds.flatMap((upstreamId) => {
          const ours = translated.get(id(tenantId, upstreamId));
          return ours === undefined ? [] : [[upstreamId, ours] as const];
        }),
      );
    },
  };
}
