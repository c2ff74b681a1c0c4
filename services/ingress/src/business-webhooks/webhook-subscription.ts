// A business's webhook subscription (callback URL, verify token, app secret) and the port that
// stores it, one per (tenant, business). The app secret signs every delivery, so it is kept in
// clear here; in production the adapter must encrypt it at rest (KMS envelope encryption), and it
// is never logged (the kit's logger redacts `appSecret`) nor returned by any API.
import type { TenantScope } from "@switchboard/kit";

export interface WebhookSubscription {
  tenantId: string;
  businessId: string;
  callbackUrl: string;
  verifyToken: string;
  appSecret: string;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface SubscriptionStore {
  /** Creates or replaces the business's subscription (a business has one callback, as on Meta). */
  put(scope: TenantScope, subscription: Omit<WebhookSubscription, "tenantId" | "businessId">): Promise<void>;
  get(scope: TenantScope): Promise<WebhookSubscription | undefined>;
}
