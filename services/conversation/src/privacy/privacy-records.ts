// What the privacy part of the conversation service keeps: a customer's marketing preference
// (per thread, i.e. per tenant + business number + customer), each tenant's policy (retention,
// marketing template names), erasure tombstones and retention run counts. None of it holds message
// content.
export type PreferenceSource = "keyword" | "api";

export interface MarketingPreferenceRecord {
  tenantId: string;
  businessId: string;
  threadId: string;
  optedOut: boolean;
  /** The time of the change (the STOP message's or the API call's): the newest change wins. */
  changedAtMs: number;
  source: PreferenceSource;
}

export interface TenantPolicyRecord {
  tenantId: string;
  /** 0 keeps messages forever. */
  retentionDays: number;
  marketingTemplates: string[];
}

export interface TombstoneRecord {
  tenantId: string;
  businessId: string;
  /** The customer's canonical thread. */
  threadId: string;
  /** It and every id aliased to it: whose messages were erased. */
  threadIds: string[];
  requestedBy: string;
  requestedAtMs: number;
  /** 0 until every message is gone. */
  completedAtMs: number;
  /** Messages held when the erasure was requested. */
  messagesErased: number;
  /** Outbox marker: CustomerErased was published. */
  published: boolean;
}

export interface RetentionRunRecord {
  tenantId: string;
  lastRunAtMs: number;
  lastDeleted: number;
  totalDeleted: number;
}
