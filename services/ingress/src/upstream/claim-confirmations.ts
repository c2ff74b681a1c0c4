// Writes the confirmations of claims whose events Kafka acknowledged, coalesced: while one write
// is outstanding, every body acknowledged meanwhile queues, and the next write carries all their
// keys (one confirmAll, one `updateMany` in the Mongo adapter), so under load the store sees one
// confirmation write per round trip, not one per body. The HTTP answer does not wait for it: a
// 200 stands on the acknowledged publish, and a lost confirmation (store stalled, process killed)
// only leaves the claim provisional, so that a later redelivery is answered 503 and, past the
// takeover cutoff, republished under the same deterministic event ids, which downstream absorbs.
// A write failure is therefore logged, never thrown.
import type { Logger } from "@switchboard/kit";
import { createCoalescingBatcher } from "../batching/coalescing-batcher.ts";
import type { DedupeKey } from "./planned-event.ts";
import type { TenantKeys, UpstreamDedupe } from "./upstream-dedupe.ts";

export interface ClaimConfirmations {
  /** Confirms the claims; settles once written or given up (never rejects). */
  confirm(claims: readonly TenantKeys[]): Promise<void>;
}

/** Keys per write: a bound on one request, far above what a round trip's bodies carry. */
const MAX_KEYS_PER_WRITE = 1_000;

export function createClaimConfirmations(dedupe: UpstreamDedupe, logger: Logger): ClaimConfirmations {
  const writes = createCoalescingBatcher<{ tenantId: string; key: DedupeKey }, undefined>(
    async (items) => {
      const byTenant = new Map<string, DedupeKey[]>();
      for (const { tenantId, key } of items) {
        const keys = byTenant.get(tenantId);
        if (keys) keys.push(key);
        else byTenant.set(tenantId, [key]);
      }
      await dedupe.confirmAll([...byTenant].map(([tenantId, keys]) => ({ tenantId, keys })));
      return items.map(() => undefined);
    },
    { maxItems: MAX_KEYS_PER_WRITE, maxInFlight: 1 },
  );
  return {
    async confirm(claims) {
      const items = claims.flatMap(({ tenantId, keys }) => keys.map((key) => ({ tenantId, key })));
      try {
        await writes.submit(items);
      } catch (error) {
        logger.warn(
          { err: error, keys: items.length },
          "could not confirm upstream dedupe claims; they stay provisional",
        );
      }
    },
  };
}
