// MongoDB adapter of CommerceRecords: `item_batches` (insert-only) and `commerce_settings`
// (replaced whole), both addressed by `_id` ids that embed the scope.
import { traceDb } from "@switchboard/kit";
import type { Connection } from "mongoose";
import type { CommerceRecords, CommerceSettings, ItemsBatchStatus } from "./commerce-records.ts";

const scoped = (kind: string, parts: readonly string[]) => `${kind}:${parts.map(encodeURIComponent).join("/")}`;

export function createMongoCommerceRecords(connection: Connection): CommerceRecords {
  const db = connection.db;
  if (!db) throw new Error("the Mongo connection is not open");
  const batches = db.collection<ItemsBatchStatus & { _id: string }>("item_batches");
  const settings = db.collection<CommerceSettings & { _id: string }>("commerce_settings");
  return {
    async saveBatch(scope, handle, status) {
      await traceDb("item_batches", "insertOne", () =>
        batches.insertOne({ _id: scoped("b", [scope.tenantId, scope.businessId, handle]), ...status }),
      );
    },
    async batch(scope, handle) {
      const found = await traceDb("item_batches", "findOne", () =>
        batches.findOne({ _id: scoped("b", [scope.tenantId, scope.businessId, handle]) }),
      );
      if (!found) return undefined;
      const { _id, ...status } = found;
      return status;
    },
    async settings(scope, phoneNumberId) {
      const found = await traceDb("commerce_settings", "findOne", () =>
        settings.findOne({ _id: scoped("s", [scope.tenantId, scope.businessId, phoneNumberId]) }),
      );
      return found
        ? {
            isCartEnabled: found.isCartEnabled,
            isCatalogVisible: found.isCatalogVisible,
            orderPolicy: found.orderPolicy ?? "",
            autoReplies: found.autoReplies ?? false,
          }
        : undefined;
    },
    async saveSettings(scope, phoneNumberId, value) {
      const _id = scoped("s", [scope.tenantId, scope.businessId, phoneNumberId]);
      await traceDb("commerce_settings", "replaceOne", () =>
        settings.replaceOne({ _id }, { ...value }, { upsert: true }),
      );
    },
  };
}
