// Meta's catalog shapes on the wire, both ways: a product as `/{catalog_id}/products` lists it
// (availability "in stock", price as a decimal string next to the currency; our integer minor
// units and version added), and Meta's create-product body (price and sale_price in cents) read
// into the catalog's Product message, and Meta's update body (only the fields it names). Field
// checks beyond shape are the catalog's.
import { Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { invalidParameter } from "../graph/graph-errors.ts";

const decimal = (minor: number, currency: string) => {
  const exponent =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor / 10 ** exponent).toFixed(exponent);
};

export function productView(p: Product) {
  return {
    id: p.itemId ?? "",
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

/** Meta's update fields → the Product fields they change; the rest stay as they are. */
const UPDATABLE = {
  name: (b: Record<string, unknown>) => ({ name: text(b, "name") }),
  description: (b: Record<string, unknown>) => ({ description: text(b, "description") }),
  price: (b: Record<string, unknown>) => ({ priceMinor: whole(b, "price") }),
  sale_price: (b: Record<string, unknown>) => ({ salePriceMinor: whole(b, "sale_price") }),
  currency: (b: Record<string, unknown>) => ({ currency: text(b, "currency") }),
  availability: (b: Record<string, unknown>) => ({ availability: text(b, "availability").replaceAll(" ", "_") }),
  condition: (b: Record<string, unknown>) => ({ condition: text(b, "condition") }),
  image_url: (b: Record<string, unknown>) => ({ imageUrl: text(b, "image_url") }),
  url: (b: Record<string, unknown>) => ({ link: text(b, "url") }),
  brand: (b: Record<string, unknown>) => ({ brand: text(b, "brand") }),
  category: (b: Record<string, unknown>) => ({ category: text(b, "category") }),
} satisfies Record<string, (b: Record<string, unknown>) => Partial<Product>>;

/**
 * `POST /{product_item_id}`: the field changes a body asks for, and the inventory it sets (its own
 * ledger, so a separate write). The retailer id is the product's identity and cannot change; an
 * unknown field, or nothing at all, is error 100.
 */
export function productChangesFromBody(body: unknown): { fields: Partial<Product>; inventory?: number } {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalidParameter("the body must be a JSON object");
  const b = body as Record<string, unknown>;
  const changes: Partial<Product> = {};
  const inventory = b.inventory === undefined ? undefined : whole(b, "inventory");
  for (const field of Object.keys(b)) {
    if (field === "access_token" || field === "inventory") continue;
    const change = UPDATABLE[field as keyof typeof UPDATABLE];
    if (!change) throw invalidParameter(`${field.slice(0, 64)} cannot be updated here`);
    Object.assign(changes, change(b));
  }
  if (Object.keys(changes).length === 0 && inventory === undefined)
    throw invalidParameter("name at least one field to update");
  return { fields: changes, ...(inventory === undefined ? {} : { inventory }) };
}

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
