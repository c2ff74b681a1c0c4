// The PrivacyStore port: the one owner of marketing preferences, tenant privacy policies, erasure
// tombstones and retention run counts. The messages and threads an erasure or the retention job
// deletes belong to the ConversationStore, which does the deleting. Every method but the
// retention job's tenant listing takes the tenant scope first and adapters put it in every filter.
import type { TenantScope } from "@switchboard/kit";
import type {
  MarketingPreferenceRecord,
  RetentionRunRecord,
  TenantPolicyRecord,
  TombstoneRecord,
} from "./privacy-records.ts";

export type MarketingChange = Omit<MarketingPreferenceRecord, "tenantId">;

export interface PrivacyStore {
  /** Applies a preference change unless a newer one is stored; returns what is stored. */
  setMarketing(scope: TenantScope, change: MarketingChange): Promise<MarketingPreferenceRecord>;
  getMarketing(scope: TenantScope, threadId: string): Promise<MarketingPreferenceRecord | undefined>;

  getPolicy(scope: TenantScope): Promise<TenantPolicyRecord>;
  setRetentionDays(scope: TenantScope, days: number): Promise<void>;
  setMarketingTemplates(scope: TenantScope, names: readonly string[]): Promise<void>;
  /** The retention job's work list: every tenant with a retention period. Cross-tenant by design. */
  tenantsWithRetention(): Promise<{ tenantId: string; retentionDays: number }[]>;

  recordRetentionRun(scope: TenantScope, atMs: number, deleted: number): Promise<void>;
  getRetentionRun(scope: TenantScope): Promise<RetentionRunRecord | undefined>;

  /** Stores the tombstone unless one exists for the thread; returns the stored one. */
  beginErasure(scope: TenantScope, tombstone: Omit<TombstoneRecord, "tenantId">): Promise<TombstoneRecord>;
  getTombstone(scope: TenantScope, threadId: string): Promise<TombstoneRecord | undefined>;
  completeErasure(scope: TenantScope, threadId: string, completedAtMs: number): Promise<void>;
  markErasurePublished(scope: TenantScope, threadId: string): Promise<void>;
}
