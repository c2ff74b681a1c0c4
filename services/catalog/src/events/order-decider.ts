// The order decider: the batch handler of reservation answers (keyed by order). Per batch it
// reads the orders' tips, applies their answers in memory, decides orders whose every line is
// answered (confirmed, partially_confirmed or rejected by the business's policy), appends one
// revision per changed order, then publishes the transitions and the releases they owe. An
// answer for an order cancelled meanwhile releases its units at once. An answer that changes
// nothing (a redelivery after a crash before the publish) makes the tip's events go out again.
import {
  type BatchHandler,
  type BatchRejection,
  isEventOf,
  type OutgoingEvent,
  PermanentEventError,
  type ReceivedEvent,
} from "@switchboard/kit";
import { ReservationAnsweredEvent } from "@switchboard/proto";
import { idBelongsTo } from "../domain/commerce-ids.ts";
import type { OrderState } from "../domain/order.ts";
import { applyAnswers, type ReservationAnswer } from "../domain/order-lifecycle.ts";
import { APPEND_ATTEMPTS, type CatalogPorts } from "../service/catalog-ports.ts";
import type { Versioned } from "../store/revision-chain.ts";
import { orderRevisionEvents } from "./order-events.ts";

export function orderDeciderHandler(ports: CatalogPorts): BatchHandler {
  return async (events) => {
    const rejections: BatchRejection[] = [];
    const byOrder = new Map<string, ReservationAnswer[]>();
    const eventsOf = new Map<string, ReceivedEvent<unknown>[]>();
    for (const received of events) {
      if (!isEventOf(ReservationAnsweredEvent, received)) continue;
      const { data } = received;
      const scope = { tenantId: data.tenantId, businessId: data.businessId };
      if (data.tenantId !== received.tenantId || !idBelongsTo(data.orderId, scope)) {
        rejections.push({ event: received, error: new PermanentEventError("answer for an order of another scope") });
        continue;
      }
      byOrder.set(data.orderId, [...(byOrder.get(data.orderId) ?? []), { line: data.line, reserved: data.reserved }]);
      eventsOf.set(data.orderId, [...(eventsOf.get(data.orderId) ?? []), received]);
    }

    const outgoing: OutgoingEvent[] = [];
    let pending = [...byOrder.keys()];
    for (let attempt = 0; attempt < APPEND_ATTEMPTS && pending.length > 0; attempt++) {
      const tips = await ports.orders.tips(pending);
      const revisions: Versioned<OrderState>[] = [];
      for (const id of pending) {
        const tip = tips.get(id);
        if (!tip) {
          // Orders are written before their commands go out: an answer without one is foreign.
          const error = new PermanentEventError("answer for an order that does not exist");
          for (const answer of eventsOf.get(id) ?? []) rejections.push({ event: answer, error });
          continue;
        }
        const next = applyAnswers(tip.state, byOrder.get(id) ?? [], ports.now());
        if (next) revisions.push({ id, version: tip.version + 1, state: next });
        else outgoing.push(...orderRevisionEvents(tip));
      }
      const conflicts = await ports.orders.append(revisions);
      for (const revision of revisions)
        if (!conflicts.has(revision.id)) outgoing.push(...orderRevisionEvents(revision));
      pending = pending.filter((id) => conflicts.has(id));
    }
    if (pending.length > 0) throw new Error(`${pending.length} orders kept changing concurrently`);
    await ports.bus.publish(outgoing);
    return rejections;
  };
}
