// How admin records look on the wire: snake_case, Graph-style string ids, ISO times. Never
// includes a token hash; a token itself is returned only by the call that issued it.
import { encryptionStateOf } from "@switchboard/proto";
import type {
  AccessTokenSummary,
  BusinessAccountRecord,
  PhoneNumberRecord,
  TenantRecord,
} from "../tenancy/tenancy-records.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export const tenantView = (t: TenantRecord) => ({
  id: t.tenantId,
  name: t.name,
  kind: t.kind ?? "enterprise",
  created_time: iso(t.createdAtMs),
  suspended: (t.suspendedAtMs ?? 0) > 0,
});

export const businessView = (b: BusinessAccountRecord) => ({
  id: b.businessId,
  tenant_id: b.tenantId,
  name: b.name,
  created_time: iso(b.createdAtMs),
  suspended: (b.suspendedAtMs ?? 0) > 0,
});

export const phoneNumberView = (n: PhoneNumberRecord) => ({
  id: n.phoneNumberId,
  business_id: n.businessId,
  display_phone_number: n.displayPhoneNumber,
  hosting_mode: n.hostingMode,
  encryption_state: encryptionStateOf(n.hostingMode),
  processors: n.processors,
  catalog_id: n.catalogId,
  throughput_mps: n.throughputMps ?? 80,
  hosting_change_pending: n.pendingHostingChange !== undefined && n.pendingHostingChange !== null,
});

export const tokenView = (t: AccessTokenSummary) => ({
  id: t.tokenId,
  created_time: iso(t.createdAtMs),
  revoked: t.revokedAtMs > 0,
  ...(t.revokedAtMs > 0 ? { revoked_time: iso(t.revokedAtMs) } : {}),
  ...((t.expiresAtMs ?? 0) > 0 ? { expires_time: iso(t.expiresAtMs ?? 0) } : {}),
});

/** Graph lists: `{ data: [...] }`. */
export const listOf = <T, V>(items: readonly T[], view: (item: T) => V) => ({ data: items.map(view) });
