// Counts one message exactly, under any redelivery, without transactions: (1) record the message
// once (a unique key turns a repeat into a no-op), (2) recount its bucket from the recorded
// messages, (3) raise the stored rollup to that count ($max, so a stale concurrent recount never
// lowers it), (4) publish the stored absolute value. Each step is idempotent and every step runs
// on every delivery, so a crash anywhere in between converges on the next delivery. Must never
// skip steps 2-4 for an already-recorded message: that is how a crashed attempt gets finished.
import type { TenantScope } from "@switchboard/kit";
import type { VolumeStore } from "../store/volume-store.ts";
import { bucketStartOf, type Direction, type VolumeRollup } from "./volume.ts";

/** Where rollups go after they change: the public stream, in production. */
export interface RollupPublisher {
  publish(tenantId: string, rollup: VolumeRollup): Promise<void>;
}

export interface CountedMessage {
  messageId: string;
  direction: Direction;
  phoneNumberId: string;
  /** When the platform accepted (outbound) or received (inbound) the message, Unix ms. */
  atMs: number;
}

export async function countMessage(
  store: VolumeStore,
  publisher: RollupPublisher,
  scope: TenantScope,
  message: CountedMessage,
): Promise<VolumeRollup> {
  const key = {
    phoneNumberId: message.phoneNumberId,
    direction: message.direction,
    bucketStartMs: bucketStartOf(message.atMs),
  };
  await store.recordEvent(scope, { ...key, messageId: message.messageId });
  const counted = await store.countBucket(scope, key);
  const count = await store.raiseRollup(scope, key, counted);
  const rollup = { ...key, count };
  await publisher.publish(scope.tenantId, rollup);
  return rollup;
}
