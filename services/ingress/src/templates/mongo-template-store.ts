// MongoDB adapter of the TemplateStore. A translation's `_id` embeds its tenant, business, name and
// language, so the lookup every template send makes (through the cache) is an `_id` read — the
// only indexed lookup on FerretDB — and ids of different businesses can never collide. Listing
// reads one business's range of `_id`s, with tenant and business in the filter as well.
// Components are stored as JSON text: Meta's `example` values are nested arrays, which FerretDB v1
// cannot store.
import { isDuplicateKeyError, traceDb } from "@switchboard/kit";
import { type Connection, type QueryFilter, Schema } from "mongoose";
import type { TemplateKey, TemplateRecord, TemplateScope } from "./template-records.ts";
import { sortKeyOf, type TemplateFilter, type TemplateStore } from "./template-store.ts";

type TemplateDocument = Omit<TemplateRecord, "components"> & { _id: string; componentsJson: string };

const templateSchema = new Schema<TemplateDocument>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    businessId: { type: String, required: true },
    templateId: { type: String, required: true },
    name: { type: String, required: true },
    language: { type: String, required: true },
    category: { type: String, required: true },
    previousCategory: { type: String, default: "" },
    componentsJson: { type: String, required: true },
    parameterFormat: { type: String, required: true },
    allowCategoryChange: { type: Boolean, default: false },
    status: { type: String, required: true },
    rejectedReason: { type: String, default: "NONE" },
    qualityScore: { type: String, default: "UNKNOWN" },
    createdAtMs: { type: Number, required: true },
    updatedAtMs: { type: Number, required: true },
    approvedEditsMs: { type: [Number], default: undefined },
  },
  { versionKey: false, minimize: false },
);

const scopePrefix = (scope: TemplateScope) => `${scope.tenantId}|${scope.businessId}|`;
const idOf = (scope: TemplateScope, key: TemplateKey) => `${scopePrefix(scope)}${sortKeyOf(key)}`;

function recordOf(doc: TemplateDocument): TemplateRecord {
  const { _id, componentsJson, ...record } = doc;
  return { ...record, components: JSON.parse(componentsJson) as TemplateRecord["components"] };
}

function filterOf(scope: TemplateScope, filter: TemplateFilter): QueryFilter<TemplateDocument> {
  const query: Record<string, unknown> = { tenantId: scope.tenantId, businessId: scope.businessId };
  if (filter.name !== undefined) query.name = filter.name;
  if (filter.templateId !== undefined) query.templateId = filter.templateId;
  if (filter.language !== undefined) query.language = filter.language;
  if (filter.status !== undefined) query.status = { $in: [...filter.status] };
  if (filter.category !== undefined) query.category = { $in: [...filter.category] };
  return query as QueryFilter<TemplateDocument>;
}

export function createMongoTemplateStore(connection: Connection): TemplateStore {
  const templates = connection.model<TemplateDocument>("MessageTemplate", templateSchema, "message_templates");
  return {
    async create(scope, record) {
      const { components, ...fields } = record;
      const doc: TemplateDocument = {
        ...fields,
        tenantId: scope.tenantId,
        businessId: scope.businessId,
        _id: idOf(scope, record),
        componentsJson: JSON.stringify(components),
      };
      try {
        await traceDb("message_templates", "insertOne", () => templates.create(doc));
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },

    async get(scope, key) {
      const found = await traceDb("message_templates", "findById", () =>
        templates.findById(idOf(scope, key)).lean<TemplateDocument>(),
      );
      // The id embeds the scope; checking it again costs nothing and keeps the guarantee local.
      if (!found || found.tenantId !== scope.tenantId || found.businessId !== scope.businessId) return undefined;
      return recordOf(found);
    },

    async list(scope, filter, page) {
      const prefix = scopePrefix(scope);
      const backwards = page.before !== "" && page.after === "";
      const range: QueryFilter<TemplateDocument>["_id"] = {
        $gte: prefix,
        $lt: `${prefix}\uffff`,
        ...(page.after === "" ? {} : { $gt: `${prefix}${page.after}` }),
        ...(page.before === "" ? {} : { $lt: `${prefix}${page.before}` }),
      };
      const found = await traceDb("message_templates", "find", () =>
        templates
          .find({ ...filterOf(scope, filter), _id: range } as QueryFilter<TemplateDocument>)
          .sort({ _id: backwards ? -1 : 1 })
          .limit(page.limit + 1)
          .lean<TemplateDocument[]>(),
      );
      const items = found.slice(0, page.limit).map(recordOf);
      return { items: backwards ? items.reverse() : items, more: found.length > page.limit };
    },

    async update(scope, key, change, nowMs) {
      const { components, ...fields } = change;
      const set = { ...fields, ...(components === undefined ? {} : { componentsJson: JSON.stringify(components) }) };
      const updated = await traceDb("message_templates", "findOneAndUpdate", () =>
        templates
          .findOneAndUpdate(
            { _id: idOf(scope, key), tenantId: scope.tenantId, businessId: scope.businessId },
            { $set: { ...set, updatedAtMs: nowMs } },
            { returnDocument: "after" },
          )
          .lean<TemplateDocument>(),
      );
      return updated ? recordOf(updated) : undefined;
    },

    async remove(scope, filter) {
      const found = await traceDb("message_templates", "find", () =>
        templates.find(filterOf(scope, filter)).lean<TemplateDocument[]>(),
      );
      if (found.length === 0) return [];
      await traceDb("message_templates", "deleteMany", () =>
        templates.deleteMany({ _id: { $in: found.map((doc) => doc._id) }, tenantId: scope.tenantId }),
      );
      return found.map(recordOf);
    },
  };
}
