// The CommerceRecords port: small per-scope documents that are written whole and read by `_id`
// — items_batch statuses (written once, when the batch was applied) and a phone number's
// commerce settings (last writer wins: two flags a business toggles, nothing derived from them).
import type { TenantScope } from "@switchboard/kit";
import type { OrderPolicy } from "../domain/order.ts";

export interface ItemError {
  line: number;
  retailerId: string;
  message: string;
}

export interface ItemsBatchStatus {
  catalogId: string;
  requests: number;
  errors: ItemError[];
}

export interface CommerceSettings {
  isCartEnabled: boolean;
  isCatalogVisible: boolean;
  /** "" = the deployment's default policy. */
  orderPolicy: OrderPolicy | "";
  autoReplies: boolean;
}

export interface CommerceRecords {
  saveBatch(scope: TenantScope, handle: string, status: ItemsBatchStatus): Promise<void>;
  batch(scope: TenantScope, handle: string): Promise<ItemsBatchStatus | undefined>;
  settings(scope: TenantScope, phoneNumberId: string): Promise<CommerceSettings | undefined>;
  saveSettings(scope: TenantScope, phoneNumberId: string, settings: CommerceSettings): Promise<void>;
}
