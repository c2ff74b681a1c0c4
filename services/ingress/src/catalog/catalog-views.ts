// Meta's catalog shapes on the wire, both ways: a product as `/{catalog_id}/products` lists it
// (availability "in stock", price as a decimal string next to the currency; our integer minor
// units and version added), and Meta's create-product body (price and sale_price in cents) read
// into the catalog's Product message. Field checks beyond shape are the catalog's.
import { Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { invalidParameter } from "../graph/graph-errors.ts";

const decimal = (minor: number, currency: string) => {
  const exponent =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor / 10 ** exponent).toFixed(exponent);
};

export function productView(p: Product) {
  return {
    id: p.retailerId,
    retailer_id: p.retailerId,
    name: p.name,
    description: p.description,
    price: `${decimal(p.priceMinor, p.currency)} ${p.currency}`,
    price_minor: p.priceMinor,
    ...(p.salePriceMinor > 0 ? { sale_price: `${decimal(p.salePriceMinor, p.currency)} ${p.currency}` } : {}),
    currency: p.currency,
    availability: p.availability.replaceAll("_", " "),
    condition: p.condition,
    inventory: p.availableQuantity,
    image_url: p.imageUrl,
    url: p.link,
    brand: p.brand,
    category: p.category,
    version: p.version,
  };
}

const text = (body: Record<string, unknown>, field: string) => {
  const value = body[field];
  if (value === undefined || value === null) return "";
  if (typeof value !== "string" && typeof value !== "number") throw invalidParameter(`${field} must be a string`);
  return String(value);
};
const whole = (body: Record<string, unknown>, field: string) => {
  const value = text(body, field);
  if (value === "") return 0;
  if (!/^\d+$/.test(value)) throw invalidParameter(`${field} must be a whole number`);
  return Number(value);
};

/** Meta's create-product fields (price in cents) as the catalog's Product. */
export function productFromBody(catalogId: string, body: unknown): Product {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalidParameter("the body must be a JSON object");
  const b = body as Record<string, unknown>;
  return Product.fromPartial({
    catalogId,
    retailerId: text(b, "retailer_id"),
    name: text(b, "name"),
    description: text(b, "description"),
    priceMinor: whole(b, "price"),
    salePriceMinor: whole(b, "sale_price"),
    currency: text(b, "currency"),
    availability: text(b, "availability").replaceAll(" ", "_"),
    condition: text(b, "condition"),
    imageUrl: text(b, "image_url"),
    link: text(b, "url"),
    brand: text(b, "brand"),
    category: text(b, "category"),
    availableQuantity: whole(b, "inventory"),
  });
}
