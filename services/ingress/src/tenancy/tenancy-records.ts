// The tenancy model: a tenant (BSP or enterprise) owns business accounts (WABAs), which own phone
// numbers. Each number has a hosting mode and the processors that can read its messages.
import type { HostingMode } from "@switchboard/proto";

export type { HostingMode };

export interface PhoneNumberRecord {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  hostingMode: HostingMode;
  processors: string[];
  /** The catalog product messages from this number refer to ("" when none). */
  catalogId: string;
}

/** Who a business access token speaks for. */
export interface Caller {
  tenantId: string;
  businessId: string;
}
