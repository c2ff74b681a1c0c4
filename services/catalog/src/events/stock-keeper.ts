// The stock keeper: the batch handler of stock commands, the only consumer that reserves and
// releases. Commands are keyed by product, so each product's commands reach one consumer in order;
// per batch it reads the ledger tips and the markers of earlier commands (two `_id $in` reads),
// plans every product in memory, appends one ledger revision per product in one bulk insert,
// writes the markers, then publishes the answers and inventory events in one produce call.
//
// Never oversells, even with two consumers of one partition during a rebalance or an inventory
// RPC at the same moment: a revision is built on the tip it read and inserted under the next
// version's `_id`; a writer that lost the insert re-reads and re-plans (no conditional update).
// Redelivery after a crash: commands at or below the tip's applied offset are in the ledger
// already and get their recorded answers (from markers, or the revisions that applied them).
import {
  type BatchHandler,
  type BatchRejection,
  event,
  isEventOf,
  type OutgoingEvent,
  PermanentEventError,
  type ReceivedEvent,
} from "@switchboard/kit";
import { ReservationAnsweredEvent, StockCommandEvent } from "@switchboard/proto";
import type { StockCommand } from "@switchboard/proto/gen/switchboard/events/v1/commerce";
import { idBelongsTo, productIdOf, stockCommandIdOf } from "../domain/commerce-ids.ts";
import { isApplied, planStockCommands, type StockCommandAt, type StockState } from "../domain/stock-ledger.ts";
import { announcedWrites } from "../service/announced-writes.ts";
import { APPEND_ATTEMPTS, type CatalogPorts } from "../service/catalog-ports.ts";
import type { Versioned } from "../store/revision-chain.ts";
import { inventoryEvents } from "./catalog-events.ts";

/** Revisions read back, newest first, to find what a crashed batch applied but did not mark. */
const MAX_WALK_BACK = 20;

interface Command extends StockCommandAt {
  productId: string;
  data: StockCommand;
}

export function stockKeeperHandler(ports: CatalogPorts): BatchHandler {
  return async (events) => {
    const rejections: BatchRejection[] = [];
    const byProduct = new Map<string, Command[]>();
    for (const received of events) {
      if (!isEventOf(StockCommandEvent, received)) continue;
      const command = commandOf(received);
      if (typeof command === "string") {
        rejections.push({ event: received, error: new PermanentEventError(command) });
        continue;
      }
      byProduct.set(command.productId, [...(byProduct.get(command.productId) ?? []), command]);
    }
    if (byProduct.size === 0) return rejections;

    const all = [...byProduct.values()].flat();
    const markers = await ports.markers.read(
      all.flatMap((c) => [c.commandId, stockCommandIdOf("reserve", c.orderId, c.line)]),
    );
    const answers = new Map<string, number>();
    const outgoing: OutgoingEvent[] = [];
    const nowMs = ports.now();
    // Inventory events are announced: a redelivered command finds its revision applied and
    // publishes nothing for it, so after a crash only the republisher still sends them.
    const writes = announcedWrites(ports, nowMs);
    let pending = [...byProduct.keys()];
    for (let attempt = 0; attempt < APPEND_ATTEMPTS && pending.length > 0; attempt++) {
      const tips = await ports.stock.tips(pending);
      const planned = await Promise.all(
        pending.map(async (id) => {
          const commands = byProduct.get(id) ?? [];
          const tip = tips.get(id);
          const known = await recordedAnswers(ports, tip, commands, markers);
          return { id, tip, plan: planStockCommands(tip?.state, commands, known) };
        }),
      );
      const revisions = planned.flatMap(({ id, tip, plan }) =>
        plan.next ? [{ id, version: (tip?.version ?? 0) + 1, state: plan.next }] : [],
      );
      const conflicts = await writes.appendStock(revisions);
      for (const { id, tip, plan } of planned) {
        if (conflicts.has(id)) continue;
        for (const [commandId, units] of plan.answers) answers.set(commandId, units);
        const revision = revisions.find((r) => r.id === id);
        if (revision) outgoing.push(...inventoryEvents(tip?.state, revision, nowMs));
      }
      pending = pending.filter((id) => conflicts.has(id));
    }
    // Thrown, the batch is retried whole from a fresh read; what was appended is then skipped.
    if (pending.length > 0) throw new Error(`stock of ${pending.length} products kept changing concurrently`);

    await ports.markers.write(answers);
    for (const command of all) {
      if (command.kind !== "reserve") continue;
      outgoing.push(
        event(ReservationAnsweredEvent, {
          id: `answer:${command.commandId}`,
          key: command.orderId,
          tenantId: command.data.product?.tenantId ?? "",
          data: {
            tenantId: command.data.product?.tenantId ?? "",
            businessId: command.data.product?.businessId ?? "",
            orderId: command.orderId,
            line: command.line,
            requested: command.quantity,
            reserved: answers.get(command.commandId) ?? 0,
          },
        }),
      );
    }
    await writes.publish(outgoing);
    return rejections;
  };
}

/** Checks the envelope against the payload and turns the event into a command; a string is why not. */
function commandOf(received: ReceivedEvent<StockCommand>): Command | string {
  const { data } = received;
  const product = data.product;
  if (!product || product.tenantId !== received.tenantId) return "stock command of another tenant than its envelope";
  const scope = { tenantId: product.tenantId, businessId: product.businessId };
  if (!idBelongsTo(data.orderId, scope)) return "stock command for an order of another scope";
  if (data.kind !== "reserve" && data.kind !== "release") return `unknown stock command kind ${data.kind}`;
  if (!Number.isSafeInteger(data.quantity) || data.quantity <= 0) return "stock command without a positive quantity";
  return {
    commandId: stockCommandIdOf(data.kind, data.orderId, data.line),
    kind: data.kind,
    orderId: data.orderId,
    line: data.line,
    quantity: data.quantity,
    partition: received.partition,
    offset: received.offset,
    productId: productIdOf(scope, product.catalogId, product.retailerId),
    data,
  };
}

/**
 * The markers, plus what the ledger recorded for commands it applied whose markers a crash
 * prevented (at or below the tip's applied offset): read back from the tip's revisions.
 */
async function recordedAnswers(
  ports: CatalogPorts,
  tip: Versioned<StockState> | undefined,
  commands: readonly Command[],
  markers: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const known = new Map(markers);
  const missing = new Set(
    commands.filter((c) => isApplied(tip?.state, c) && !known.has(c.commandId)).map((c) => c.commandId),
  );
  let revision: Versioned<StockState> | undefined = tip;
  for (let step = 0; revision && missing.size > 0 && step < MAX_WALK_BACK; step++) {
    for (const applied of revision.state.applied) {
      if (missing.delete(applied.commandId)) known.set(applied.commandId, applied.quantity);
    }
    if (missing.size === 0 || revision.version <= 1) break;
    [revision] = await ports.stock.revisions([{ id: revision.id, version: revision.version - 1 }]);
  }
  if (missing.size > 0) throw new Error(`the ledger applied ${missing.size} commands it has no record of`);
  return known;
}
