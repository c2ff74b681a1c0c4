// Pure checks of what callers send to the catalog. Every failure is an invalid-argument AppError
// whose message names the field and the rule, so the caller can fix the request; nothing here
// touches storage.
import { AppError } from "@switchboard/kit";
import type { ProductInput } from "./product.ts";

export const MAX_ID_LENGTH = 128;
/** Meta's catalog caps product titles at 200 characters. */
export const MAX_NAME_LENGTH = 200;
/** FindUnknownProducts answers at most this many distinct ids per call. */
export const MAX_LOOKUP_IDS = 100;

const CURRENCY = /^[A-Z]{3}$/;

const invalid = (message: string) => new AppError("invalid_argument", message);

export function requireId(field: string, value: string): string {
  if (value.length === 0) throw invalid(`${field} is required`);
  if (value.length > MAX_ID_LENGTH) throw invalid(`${field} must be at most ${MAX_ID_LENGTH} characters`);
  return value;
}

function requireCount(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(`${field} must be a whole number >= 0`);
  return value;
}

export function validateProduct(input: ProductInput): ProductInput {
  if (input.name.trim().length === 0) throw invalid("name is required");
  if (input.name.length > MAX_NAME_LENGTH) throw invalid(`name must be at most ${MAX_NAME_LENGTH} characters`);
  if (!CURRENCY.test(input.currency)) throw invalid("currency must be a 3-letter upper-case ISO 4217 code");
  return {
    catalogId: requireId("catalog_id", input.catalogId),
    retailerId: requireId("retailer_id", input.retailerId),
    name: input.name,
    priceMinor: requireCount("price_minor", input.priceMinor),
    currency: input.currency,
    availableQuantity: requireCount("available_quantity", input.availableQuantity),
  };
}

/** Deduplicates retailer ids (first occurrence keeps its place) and bounds the lookup size. */
export function normalizeRetailerIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_LOOKUP_IDS) throw invalid(`retailer_ids must list at most ${MAX_LOOKUP_IDS} distinct ids`);
  for (const id of unique) requireId("retailer_ids[]", id);
  return unique;
}
