// Reads Meta's inbound `order` message (messages[].order: catalog_id, text, product_items[] of
// product_retailer_id, quantity, item_price, currency) into order lines. Tolerant of what the
// upstream sends as strings or numbers; a message it cannot read yields a reason instead, so the
// consumer can dead-letter it rather than guess.
import { numberToMinor } from "./money.ts";

export interface OrderedItem {
  retailerId: string;
  quantity: number;
  itemPriceMinor: number;
  currency: string;
}

export type ParsedOrder = { ok: true; catalogId: string; items: OrderedItem[] } | { ok: false; reason: string };

const MAX_ITEMS = 100;

export function parseOrderMessage(messageJson: string): ParsedOrder {
  let message: unknown;
  try {
    message = JSON.parse(messageJson);
  } catch {
    return { ok: false, reason: "order message is not JSON" };
  }
  const order = objectAt(message, "order");
  const catalogId = order ? text(order.catalog_id) : undefined;
  const rawItems = order?.product_items;
  if (!catalogId || !Array.isArray(rawItems)) return { ok: false, reason: "order without catalog_id or product_items" };
  if (rawItems.length === 0 || rawItems.length > MAX_ITEMS)
    return { ok: false, reason: `order must list 1 to ${MAX_ITEMS} items` };
  const items: OrderedItem[] = [];
  for (const raw of rawItems) {
    const item = isRecord(raw) ? raw : {};
    const retailerId = text(item.product_retailer_id);
    const currency = text(item.currency)?.toUpperCase();
    const quantity = Number(item.quantity);
    const price = Number(item.item_price);
    const itemPriceMinor = currency && /^[A-Z]{3}$/.test(currency) ? numberToMinor(price, currency) : undefined;
    if (!retailerId || !currency || itemPriceMinor === undefined || !Number.isSafeInteger(quantity) || quantity <= 0) {
      return { ok: false, reason: "an order item lacks a retailer id, a positive quantity, a price or a currency" };
    }
    items.push({ retailerId, quantity, itemPriceMinor, currency });
  }
  return { ok: true, catalogId, items };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  const inner = isRecord(value) ? value[key] : undefined;
  return isRecord(inner) ? inner : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number") return String(value);
  return undefined;
}
