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
  /** Messages per second, inbound and outbound together (Meta: 80 by default, up to 1,000). */
  throughputMps?: number;
  /** A hosting change stored but not yet acknowledged by Kafka (the number's own outbox). */
  pendingHostingChange?: PendingHostingChange;
  lastHostingChangeId?: string;
}

/** Who can read a number's messages: its hosting mode and the processors that follows from. */
export interface HostingState {
  hostingMode: HostingMode;
  processors: string[];
}

export interface PendingHostingChange {
  /** Also the event id, so a re-publish after a crash is recognisable as the same change. */
  changeId: string;
  from: HostingState;
  to: HostingState;
  reason: string;
  changedBy: string;
  changedAtMs: number;
}

/** A BSP hosts many businesses; an enterprise hosts its own. */
export type TenantKind = "bsp" | "enterprise";

export interface TenantRecord {
  tenantId: string;
  name: string;
  kind: TenantKind;
  createdAtMs: number;
  /** When the operator suspended the tenant (its tokens answer error 10); absent or 0 when active. */
  suspendedAtMs?: number;
}

/** A WhatsApp Business Account (WABA) of a tenant. */
export interface BusinessAccountRecord {
  tenantId: string;
  businessId: string;
  name: string;
  createdAtMs: number;
  /** When the operator suspended the account (its tokens answer 131031); absent or 0 when active. */
  suspendedAtMs?: number;
}

/**
 * What ingress needs to reach Meta for a business account (registered under its Meta WABA id):
 * the system-user token and the app secret of the Meta app its webhooks come from, both sealed
 * (credential-sealer.ts) — the store never holds them in the clear — and the Graph API version
 * to call. A BSP's businesses may each belong to another Meta app.
 */
export interface SealedMetaCredentials {
  tenantId: string;
  businessId: string;
  sealedSystemUserToken: string;
  sealedAppSecret: string;
  graphApiVersion: string;
  updatedAtMs: number;
}

/** An issued access token as listed to the operator: never the token, never its hash. */
export interface AccessTokenSummary {
  tokenId: string;
  createdAtMs: number;
  /** 0 while the token is valid. */
  revokedAtMs: number;
  /** When the token stops working (error 190/463); absent or 0 for a token that never expires. */
  expiresAtMs?: number;
}

/** Who a business access token speaks for. */
export interface Caller {
  tenantId: string;
  businessId: string;
}

/** What a token lookup finds: its caller, and what may forbid using it now (authenticate.ts). */
export interface TokenGrant extends Caller {
  /** Absent or 0: never expires. */
  expiresAtMs?: number;
  /** Set while the caller's tenant or business account is suspended. */
  suspended?: "tenant" | "business";
}
