// Order intake: the batch handler that turns inbound `order` messages (InboundMessageReceived on
// the thread topic, straight from ingress) into orders, exactly once per wamid. The order's id is
// derived from the wamid, and its first revision is inserted under `<order id>@1`: a redelivered
// or repeated webhook finds it and creates nothing. Lines are checked against the catalog (unknown
// products are unavailable; a price or currency that differs from the catalog's is flagged on the
// line, never silently accepted). The order is written before its reserve commands are published;
// a redelivery publishes the commands of lines still pending again, which the stock keeper
// recognises by their ids, so a crash between the two delays the order but never loses it; the
// order's version 1 events are published again too.
import {
  type BatchHandler,
  type BatchRejection,
  checkThreadScope,
  isEventOf,
  type OutgoingEvent,
  PermanentEventError,
  type TenantScope,
} from "@switchboard/kit";
import { InboundMessageReceivedEvent } from "@switchboard/proto";
import { orderIdOf } from "../domain/commerce-ids.ts";
import type { OrderHosting, OrderLine, OrderState, ThreadOfOrder } from "../domain/order.ts";
import { decideWithoutAnswers } from "../domain/order-lifecycle.ts";
import { type OrderedItem, parseOrderMessage } from "../domain/order-message.ts";
import { effectivePriceMinor, type ProductView } from "../domain/product.ts";
import type { CatalogPorts } from "../service/catalog-ports.ts";
import type { ProductService } from "../service/product-service.ts";
import type { CommerceSettings } from "../store/commerce-records.ts";
import type { Versioned } from "../store/revision-chain.ts";
import { orderRevisionEvents, reserveCommands } from "./order-events.ts";

interface Arrival {
  scope: TenantScope;
  thread: ThreadOfOrder;
  orderId: string;
  messageId: string;
  catalogId: string;
  items: OrderedItem[];
  hosting: OrderHosting | undefined;
}

export function orderIntakeHandler(ports: CatalogPorts, products: ProductService): BatchHandler {
  return async (events) => {
    const rejections: BatchRejection[] = [];
    const arrivals = new Map<string, Arrival>();
    for (const received of events) {
      if (!isEventOf(InboundMessageReceivedEvent, received) || received.data.type !== "order") continue;
      const checked = checkThreadScope(received, received.data.thread, { requireBusiness: true });
      if (!checked.ok) {
        rejections.push({ event: received, error: checked.error });
        continue;
      }
      const parsed = parseOrderMessage(received.data.messageJson);
      if (!parsed.ok) {
        rejections.push({ event: received, error: new PermanentEventError(parsed.reason) });
        continue;
      }
      const orderId = orderIdOf(checked.scope, received.data.messageId);
      arrivals.set(orderId, {
        scope: checked.scope,
        thread: checked.thread,
        orderId,
        messageId: received.data.messageId,
        catalogId: parsed.catalogId,
        items: parsed.items,
        hosting: received.data.hosting,
      });
    }
    if (arrivals.size === 0) return rejections;

    const tips = await ports.orders.tips([...arrivals.keys()]);
    const fresh = [...arrivals.values()].filter((a) => !tips.has(a.orderId));
    const catalogs = await catalogsOf(products, fresh);
    const settings = await settingsOf(ports, fresh);
    const created = fresh.map((a) => newOrder(a, catalogs.get(catalogKey(a)) ?? new Map(), settings.get(numberKey(a))));
    const conflicts = await ports.orders.append(created);

    const outgoing: OutgoingEvent[] = [];
    for (const revision of created) if (!conflicts.has(revision.id)) outgoing.push(...orderRevisionEvents(revision));
    // Every order of the batch that still waits for answers: new ones, and redelivered ones whose
    // commands a crash may have kept from going out.
    const waiting = [...created.filter((r) => !conflicts.has(r.id)), ...tips.values()];
    for (const revision of waiting)
      if (revision.state.status === "pending") outgoing.push(...reserveCommands(revision.state));
    // A redelivered order still at its first version may have lost that version's events to a
    // crash before this publish, and nothing else sends them (the decider publishes later
    // versions only; analytics counts an order from its events): the same ids make it harmless.
    for (const tip of tips.values()) if (tip.version === 1) outgoing.push(...orderRevisionEvents(tip));
    await ports.bus.publish(outgoing);
    return rejections;
  };

  function newOrder(
    arrival: Arrival,
    catalog: ReadonlyMap<string, ProductView>,
    settings: CommerceSettings | undefined,
  ): Versioned<OrderState> {
    const nowMs = ports.now();
    const lines = arrival.items.map((item) => lineOf(item, catalog.get(item.retailerId)));
    const order: OrderState = {
      tenantId: arrival.scope.tenantId,
      businessId: arrival.scope.businessId,
      orderId: arrival.orderId,
      catalogId: arrival.catalogId,
      messageId: arrival.messageId,
      thread: arrival.thread,
      status: "pending",
      lines,
      policy: settings?.orderPolicy || ports.orderPolicy(arrival.scope.tenantId, arrival.scope.businessId),
      autoReply: settings?.autoReplies ?? false,
      hosting: arrival.hosting,
      createdAtMs: nowMs,
      transition: { from: "", to: "pending", atMs: nowMs },
      releases: [],
    };
    return { id: arrival.orderId, version: 1, state: decideWithoutAnswers(order, nowMs) };
  }
}

const numberKey = (a: Arrival) => JSON.stringify([a.scope.tenantId, a.scope.businessId, a.thread.phoneNumberId]);

/** Each receiving number's commerce settings (policy, auto replies), read once per number. */
async function settingsOf(ports: CatalogPorts, arrivals: readonly Arrival[]) {
  const settings = new Map<string, CommerceSettings | undefined>();
  for (const a of arrivals) {
    if (!settings.has(numberKey(a)))
      settings.set(numberKey(a), await ports.records.settings(a.scope, a.thread.phoneNumberId));
  }
  return settings;
}

const catalogKey = (a: Arrival) => JSON.stringify([a.scope.tenantId, a.scope.businessId, a.catalogId]);

/** The products the arrivals name, read once per (scope, catalog) of the batch. */
async function catalogsOf(products: ProductService, arrivals: readonly Arrival[]) {
  const groups = new Map<string, Arrival[]>();
  for (const a of arrivals) groups.set(catalogKey(a), [...(groups.get(catalogKey(a)) ?? []), a]);
  const catalogs = new Map<string, Map<string, ProductView>>();
  for (const [key, group] of groups) {
    const first = group[0] as Arrival;
    const ids = [...new Set(group.flatMap((a) => a.items.map((i) => i.retailerId)))];
    catalogs.set(key, await products.getMany(first.scope, first.catalogId, ids));
  }
  return catalogs;
}

function lineOf(item: OrderedItem, product: ProductView | undefined): OrderLine {
  const catalogPriceMinor = product ? effectivePriceMinor(product) : 0;
  return {
    retailerId: item.retailerId,
    quantity: item.quantity,
    itemPriceMinor: item.itemPriceMinor,
    currency: item.currency,
    catalogPriceMinor,
    priceMismatch:
      product !== undefined && (catalogPriceMinor !== item.itemPriceMinor || product.currency !== item.currency),
    reservedQuantity: 0,
    state: product ? "pending" : "unavailable",
  };
}
