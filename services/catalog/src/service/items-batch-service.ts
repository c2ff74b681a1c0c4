// Meta's items_batch flow over the product service: each request (CREATE, UPDATE or DELETE with
// feed-column data) is checked with the same feed rules as the importer, the valid upserts go in
// one batch upsert, deletes one by one, and the outcome is stored under a random handle that the
// status call reads back. Batches are applied before the handle is returned, so a status is
// always `finished`.
import { randomUUID } from "node:crypto";
import { AppError, type TenantScope } from "@switchboard/kit";
import type { ProductInput } from "../domain/product.ts";
import { requireId } from "../domain/product-validation.ts";
import { productFromFeedRow } from "../feed/feed-row.ts";
import type { CommerceRecords, ItemError, ItemsBatchStatus } from "../store/commerce-records.ts";
import { MAX_BATCH, type ProductService } from "./product-service.ts";

export interface ItemRequest {
  method: string;
  data: Record<string, string>;
}

export function createItemsBatchService(products: ProductService, records: CommerceRecords) {
  return {
    async submit(scope: TenantScope, catalogId: string, requests: readonly ItemRequest[]): Promise<string> {
      requireId("catalog_id", catalogId);
      if (requests.length === 0 || requests.length > MAX_BATCH)
        throw new AppError("invalid_argument", `requests must hold 1 to ${MAX_BATCH} items`);
      const errors: ItemError[] = [];
      const upserts: { line: number; product: ProductInput }[] = [];
      for (const [line, request] of requests.entries()) {
        const retailerId = request.data.id ?? "";
        const method = request.method.toUpperCase();
        if (method === "DELETE") {
          if (!(await products.remove(scope, { catalogId, retailerId: requireId("id", retailerId) }))) {
            errors.push({ line, retailerId, message: "product not found" });
          }
        } else if (method === "CREATE" || method === "UPDATE") {
          const parsed = productFromFeedRow(request.data, catalogId);
          if (parsed.ok) upserts.push({ line, product: parsed.product });
          else errors.push({ line, retailerId, message: parsed.reasons.join("; ") });
        } else {
          errors.push({ line, retailerId, message: "method must be CREATE, UPDATE or DELETE" });
        }
      }
      const results =
        upserts.length > 0
          ? await products.batchUpsert(
              scope,
              upserts.map((u) => u.product),
            )
          : [];
      results.forEach((result, i) => {
        const sent = upserts[i];
        if (result.outcome === "failed" && sent)
          errors.push({ line: sent.line, retailerId: result.retailerId, message: result.error });
      });
      const handle = randomUUID();
      const status: ItemsBatchStatus = {
        catalogId,
        requests: requests.length,
        errors: errors.sort((a, b) => a.line - b.line),
      };
      await records.saveBatch(scope, handle, status);
      return handle;
    },

    async status(scope: TenantScope, catalogId: string, handle: string): Promise<ItemsBatchStatus> {
      const found = await records.batch(scope, requireId("handle", handle));
      if (!found || found.catalogId !== catalogId) throw new AppError("not_found", "batch request not found");
      return found;
    },
  };
}
