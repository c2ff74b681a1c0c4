// One row of a product feed in Meta's column names (id, title, description, availability,
// condition, price "12.99 USD", sale_price, link, image_link, brand, inventory, product_type or
// google_product_category, custom_label_0..4) turned into a product, or into every reason it
// cannot be one. Pure: the import CLI's dry run and the import itself share it, and it ends in the
// same validateProduct the catalog's RPCs run, so a row that passes here is accepted there.
import { AppError } from "@switchboard/kit";
import { decimalToMinor } from "../domain/money.ts";
import type { Availability, Condition, ProductInput } from "../domain/product.ts";
import { validateProduct } from "../domain/product-validation.ts";

export type FeedRow = Readonly<Record<string, string>>;
export type RowResult = { ok: true; product: ProductInput } | { ok: false; reasons: string[] };

const AVAILABILITY: Record<string, Availability> = {
  "in stock": "in_stock",
  "out of stock": "out_of_stock",
  preorder: "preorder",
  "available for order": "available_for_order",
  discontinued: "discontinued",
};
const CONDITIONS: readonly string[] = ["new", "refurbished", "used"];
const PRICE = /^\s*(\d+(?:\.\d+)?)\s+([A-Z]{3})\s*$/;

/** Columns the importer understands; any other column is ignored. */
export const FEED_COLUMNS = [
  "id",
  "title",
  "description",
  "availability",
  "condition",
  "price",
  "sale_price",
  "link",
  "image_link",
  "brand",
  "inventory",
];

export function productFromFeedRow(row: FeedRow, catalogId: string): RowResult {
  const reasons: string[] = [];
  const text = (column: string) => (row[column] ?? "").trim();
  const retailerId = text("id");
  if (retailerId === "") reasons.push("id is required");
  const title = text("title");
  if (title === "") reasons.push("title is required");

  const price = PRICE.exec(text("price"));
  const currency = price?.[2] ?? "";
  const priceMinor = price ? decimalToMinor(price[1] ?? "", currency) : undefined;
  if (priceMinor === undefined) reasons.push(`price must look like "12.99 USD" (got "${text("price")}")`);

  let salePriceMinor = 0;
  if (text("sale_price") !== "") {
    const sale = PRICE.exec(text("sale_price"));
    const minor = sale && sale[2] === currency ? decimalToMinor(sale[1] ?? "", currency) : undefined;
    if (minor === undefined)
      reasons.push(`sale_price must look like "9.99 ${currency || "USD"}" in the price's currency`);
    else salePriceMinor = minor;
  }

  const inventoryText = text("inventory");
  const inventory = inventoryText === "" ? 0 : Number(inventoryText);
  if (!/^\d*$/.test(inventoryText) || !Number.isSafeInteger(inventory))
    reasons.push(`inventory must be a whole number >= 0 (got "${inventoryText}")`);

  const availabilityText = text("availability").toLowerCase().replaceAll("_", " ");
  const availability =
    availabilityText === "" ? (inventory > 0 ? "in_stock" : "out_of_stock") : AVAILABILITY[availabilityText];
  if (!availability) reasons.push(`availability must be one of ${Object.keys(AVAILABILITY).join(", ")}`);
  const condition = text("condition").toLowerCase() || "new";
  if (!CONDITIONS.includes(condition)) reasons.push(`condition must be one of ${CONDITIONS.join(", ")}`);
  if (reasons.length > 0) return { ok: false, reasons };

  const customAttributes: Record<string, string> = {};
  for (let i = 0; i <= 4; i++)
    if (text(`custom_label_${i}`) !== "") customAttributes[`custom_label_${i}`] = text(`custom_label_${i}`);
  try {
    const product = validateProduct({
      catalogId,
      retailerId,
      name: title,
      description: text("description"),
      priceMinor: priceMinor ?? 0,
      salePriceMinor,
      currency,
      availability: availability ?? "in_stock",
      condition: condition as Condition,
      imageUrl: text("image_link"),
      link: text("link"),
      brand: text("brand"),
      category: text("product_type") || text("google_product_category"),
      customAttributes,
      lowStockThreshold: 0,
      availableQuantity: inventory,
    });
    return { ok: true, product };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, reasons: [error.message] };
    throw error;
  }
}
