// The tenant scope of an internal gRPC call travels in metadata, set by ingress after it
// authenticated the caller. Every service handler receives it resolved; a call without it is
// refused before any handler runs, so no query can be built without a tenant.
import type { Metadata } from "@grpc/grpc-js";
import { AppError } from "../errors/app-error.ts";

export const TENANT_METADATA_KEY = "x-switchboard-tenant";
export const BUSINESS_METADATA_KEY = "x-switchboard-business";

export interface TenantScope {
  readonly tenantId: string;
  /** The business account (WABA) within the tenant; empty for tenant-wide callers. */
  readonly businessId: string;
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function scopeFromMetadata(metadata: Metadata): TenantScope {
  const tenantId = String(metadata.get(TENANT_METADATA_KEY)[0] ?? "");
  const businessId = String(metadata.get(BUSINESS_METADATA_KEY)[0] ?? "");
  if (!ID.test(tenantId)) throw new AppError("unauthenticated", "missing or malformed tenant scope");
  if (businessId !== "" && !ID.test(businessId)) throw new AppError("unauthenticated", "malformed business scope");
  return { tenantId, businessId };
}

export function scopeToMetadataEntries(scope: TenantScope): Record<string, string> {
  return { [TENANT_METADATA_KEY]: scope.tenantId, [BUSINESS_METADATA_KEY]: scope.businessId };
}
