// Pure checks of what callers send to the catalog. Every failure is an invalid-argument AppError
// whose message names the field and the rule, so the caller can fix the request; nothing here
// touches storage.
import { AppError } from "@switchboard/kit";
import { AVAILABILITIES, type Availability, CONDITIONS, type Condition, type ProductInput } from "./product.ts";

export const MAX_ID_LENGTH = 128;
/** Meta's catalog caps product titles at 200 characters. */
export const MAX_NAME_LENGTH = 200;
/** FindUnknownProducts answers at most this many distinct ids per call. */
export const MAX_LOOKUP_IDS = 100;

const CURRENCY = /^[A-Z]{3}$/;
const MAX_TEXT_LENGTH = 5_000;
const MAX_URL_LENGTH = 2_000;
const MAX_ATTRIBUTES = 50;

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
  const priceMinor = requireCount("price_minor", input.priceMinor);
  const salePriceMinor = requireCount("sale_price_minor", input.salePriceMinor);
  if (salePriceMinor > priceMinor) throw invalid("sale_price_minor must not exceed price_minor");
  if (!AVAILABILITIES.includes(input.availability))
    throw invalid(`availability must be one of ${AVAILABILITIES.join(", ")}`);
  if (!CONDITIONS.includes(input.condition)) throw invalid(`condition must be one of ${CONDITIONS.join(", ")}`);
  if (Object.keys(input.customAttributes).length > MAX_ATTRIBUTES) {
    throw invalid(`custom_attributes must hold at most ${MAX_ATTRIBUTES} entries`);
  }
  return {
    catalogId: requireId("catalog_id", input.catalogId),
    retailerId: requireId("retailer_id", input.retailerId),
    name: input.name,
    description: bounded("description", input.description, MAX_TEXT_LENGTH),
    priceMinor,
    salePriceMinor,
    currency: input.currency,
    availability: input.availability,
    condition: input.condition,
    imageUrl: bounded("image_url", input.imageUrl, MAX_URL_LENGTH),
    link: bounded("link", input.link, MAX_URL_LENGTH),
    brand: bounded("brand", input.brand, MAX_NAME_LENGTH),
    category: bounded("category", input.category, MAX_NAME_LENGTH),
    customAttributes: { ...input.customAttributes },
    lowStockThreshold: requireCount("low_stock_threshold", input.lowStockThreshold),
    availableQuantity: requireCount("available_quantity", input.availableQuantity),
  };
}

function bounded(field: string, value: string, max: number): string {
  if (value.length > max) throw invalid(`${field} must be at most ${max} characters`);
  return value;
}

/** Proto3 sends "" for an unset enum: default availability from stock, condition to new. */
export function availabilityOr(value: string, availableQuantity: number): Availability {
  if (value === "") return availableQuantity > 0 ? "in_stock" : "out_of_stock";
  return value as Availability;
}

export function conditionOr(value: string): Condition {
  return (value === "" ? "new" : value) as Condition;
}

/** Deduplicates retailer ids (first occurrence keeps its place) and bounds the lookup size. */
export function normalizeRetailerIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_LOOKUP_IDS) throw invalid(`retailer_ids must list at most ${MAX_LOOKUP_IDS} distinct ids`);
  for (const id of unique) requireId("retailer_ids[]", id);
  return unique;
}
