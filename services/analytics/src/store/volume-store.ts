// The VolumeStore port. Every method takes the tenant scope first: there is no way to record or
// read volume without saying whose it is, and adapters put the tenant in every filter. Writes keep
// the scope's business; a business-scoped reader sees only that business's phone numbers. Each
// method is one single-document write or one read, so no transaction is ever needed.
import type { TenantScope } from "@switchboard/kit";
import type { BucketKey, VolumeEvent, VolumeRollup } from "../domain/volume.ts";

export interface VolumeQuery {
  /** Empty: every phone number the scope may see. */
  phoneNumberId: string;
  /** Inclusive. */
  fromMs: number;
  /** Exclusive. */
  toMs: number;
}

export interface VolumeStore {
  /** Records that a message happened; `inserted: false` when it was already recorded. */
  recordEvent(scope: TenantScope, event: VolumeEvent): Promise<{ inserted: boolean }>;
  /** The exact number of recorded messages in one bucket. */
  countBucket(scope: TenantScope, key: BucketKey): Promise<number>;
  /**
   * Raises the bucket's rollup to at least `count` (creating it if needed) and returns the stored
   * value, which a concurrent, fresher recount may have made larger. Never lowers a rollup.
   */
  raiseRollup(scope: TenantScope, key: BucketKey, count: number): Promise<number>;
  /** Rollups whose bucket starts in [fromMs, toMs), sorted by bucket, phone number, direction. */
  listRollups(scope: TenantScope, query: VolumeQuery): Promise<VolumeRollup[]>;
}
