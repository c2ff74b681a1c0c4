// The TemplateStore port: the message templates of each business account. Every call takes the
// tenant and business, and adapters put both in every filter, so no query can reach another
// business's templates. One (name, language) is one record; it is the only thing a send looks up.
import type { TemplateKey, TemplateRecord, TemplateScope, TemplateStatus } from "./template-records.ts";

export interface TemplateFilter {
  name?: string;
  templateId?: string;
  language?: string;
  status?: readonly TemplateStatus[];
  category?: readonly string[];
}

export interface TemplatePageRequest {
  limit: number;
  /** Exclusive bounds, as the sort keys returned with a page (`""` for none). */
  after: string;
  before: string;
}

export interface TemplatePage {
  items: TemplateRecord[];
  /** Whether more records follow the page in the direction it was read. */
  more: boolean;
}

/** What a review, quality update, edit or import from Meta changes on a record. */
export type TemplateChange = Partial<
  Pick<
    TemplateRecord,
    | "status"
    | "rejectedReason"
    | "qualityScore"
    | "category"
    | "previousCategory"
    | "templateId"
    | "components"
    | "parameterFormat"
    | "approvedEditsMs"
  >
>;

export interface TemplateStore {
  /** Stores a new translation; false when the business already has this (name, language). */
  create(scope: TemplateScope, record: TemplateRecord): Promise<boolean>;
  get(scope: TemplateScope, key: TemplateKey): Promise<TemplateRecord | undefined>;
  /** Records in (name, language) order, filtered, one page. */
  list(scope: TemplateScope, filter: TemplateFilter, page: TemplatePageRequest): Promise<TemplatePage>;
  /** Applies `change`; the updated record, or undefined when there is no such translation. */
  update(
    scope: TemplateScope,
    key: TemplateKey,
    change: TemplateChange,
    nowMs: number,
  ): Promise<TemplateRecord | undefined>;
  /** Deletes the translations named; returns what was deleted. */
  remove(scope: TemplateScope, filter: { name: string; templateId?: string }): Promise<TemplateRecord[]>;
}

/** The sort key of a record within its business: also its cursor. */
export const sortKeyOf = (key: TemplateKey) => `${key.name}|${key.language}`;
