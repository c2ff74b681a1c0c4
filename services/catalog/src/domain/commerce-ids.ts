// Deterministic ids of commerce documents and events. Every id embeds the tenant and business, so a
// document is addressed by `_id` alone (the one filter FerretDB serves from an index) and a lookup
// built from one scope can never reach another scope's document. Parts are URI-encoded so a `/` in
// a retailer id cannot forge another product's id.
import type { TenantScope } from "@switchboard/kit";

const join = (kind: string, parts: readonly string[]) => `${kind}:${parts.map(encodeURIComponent).join("/")}`;

export function productIdOf(scope: TenantScope, catalogId: string, retailerId: string): string {
  return join("p", [scope.tenantId, scope.businessId, catalogId, retailerId]);
}

/** One order per inbound order message: the wamid decides it, so redeliveries find the same id. */
export function orderIdOf(scope: TenantScope, messageId: string): string {
  return join("o", [scope.tenantId, scope.businessId, messageId]);
}

/** True when `id` was built from `scope` (a caller-supplied id must belong to the caller). */
export function idBelongsTo(id: string, scope: TenantScope): boolean {
  const prefix = `${[scope.tenantId, scope.businessId].map(encodeURIComponent).join("/")}/`;
  return id.slice(id.indexOf(":") + 1).startsWith(prefix);
}

export type StockCommandKind = "reserve" | "release";

/** At most one reserve and one release per order line, ever: the stock keeper dedupes on this. */
export function stockCommandIdOf(kind: StockCommandKind, orderId: string, line: number): string {
  return `${kind}:${orderId}#${line}`;
}
