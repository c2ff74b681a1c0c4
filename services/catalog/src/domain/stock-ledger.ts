// The stock of one product as a ledger of revisions, and the pure rules that append to it. A
// revision is only ever inserted (`<product id>@<version>`), never updated, so two writers that
// build on the same revision collide on the unique `_id` and exactly one wins: correctness needs
// no conditional update, only the uniqueness every Mongo-wire store enforces. Reserve/release
// commands arrive keyed by product, so one consumer normally is the only writer; a second one
// (mid-rebalance) or an inventory RPC at the same time just loses the insert and re-plans.
// Nothing here touches storage or the clock.
import { AppError } from "@switchboard/kit";
import { type StockCommandKind, stockCommandIdOf } from "./commerce-ids.ts";

export interface StockOwner {
  tenantId: string;
  businessId: string;
  catalogId: string;
  retailerId: string;
}

/** A command this revision applied, with the units it reserved or released. */
export interface AppliedCommand {
  commandId: string;
  quantity: number;
}

export interface StockState extends StockOwner {
  /** Units that can be sold now. Never negative. */
  available: number;
  /** Units held by open orders. */
  reserved: number;
  lowStockThreshold: number;
  /**
   * The stock-command position applied last (partition and offset), carried into every later
   * revision: a redelivered command at or below it is already in the ledger.
   */
  appliedPartition: number;
  appliedOffset: string;
  /** Commands applied by this revision: what a redelivery must answer again. */
  applied: AppliedCommand[];
  /** Why this revision exists: reserve | release | set | adjust:<reason> (batches: the last kind). */
  reason: string;
  delta: number;
}

export interface StockCommandAt {
  commandId: string;
  kind: StockCommandKind;
  orderId: string;
  line: number;
  quantity: number;
  partition: number;
  offset: string;
}

export const NO_OFFSET = "-1";

/** True when the ledger already holds the command at this position. */
export function isApplied(
  state: StockState | undefined,
  command: Pick<StockCommandAt, "partition" | "offset">,
): boolean {
  if (!state || state.appliedOffset === NO_OFFSET || state.appliedPartition !== command.partition) return false;
  return BigInt(command.offset) <= BigInt(state.appliedOffset);
}

export interface StockPlan {
  /** The next revision's state; undefined when nothing changed (all duplicates, or no stock). */
  next: StockState | undefined;
  /** Units reserved or released per command id, for every command of the input. */
  answers: Map<string, number>;
}

/**
 * Applies one product's commands in offset order. `known` holds what earlier revisions applied
 * (the stored markers, and for commands at or below the applied offset their recorded answers):
 * a command found there is a duplicate and gets its recorded answer again. A reservation is all
 * or nothing per line; a release gives back exactly what its line's reservation took.
 */
export function planStockCommands(
  tip: StockState | undefined,
  commands: readonly StockCommandAt[],
  known: ReadonlyMap<string, number>,
): StockPlan {
  const answers = new Map<string, number>();
  const seen = new Map(known);
  if (!tip) {
    for (const command of commands) answers.set(command.commandId, 0);
    return { next: undefined, answers };
  }
  const next: StockState = { ...tip, applied: [], delta: 0 };
  for (const command of commands) {
    const earlier = seen.get(command.commandId);
    if (earlier !== undefined) {
      answers.set(command.commandId, earlier);
      continue;
    }
    if (isApplied(tip, command)) throw new Error(`stock command ${command.commandId} is applied but has no record`);
    const units = command.kind === "reserve" ? reserve(next, command.quantity) : release(next, command, seen);
    next.applied.push({ commandId: command.commandId, quantity: units });
    next.appliedPartition = command.partition;
    next.appliedOffset = command.offset;
    next.reason = command.kind;
    seen.set(command.commandId, units);
    answers.set(command.commandId, units);
  }
  if (next.applied.length === 0) return { next: undefined, answers };
  next.delta = next.available - tip.available;
  return { next, answers };
}

function reserve(state: StockState, quantity: number): number {
  if (quantity <= 0 || state.available < quantity) return 0;
  state.available -= quantity;
  state.reserved += quantity;
  return quantity;
}

function release(state: StockState, command: StockCommandAt, seen: ReadonlyMap<string, number>): number {
  const units = seen.get(stockCommandIdOf("reserve", command.orderId, command.line)) ?? 0;
  state.available += units;
  state.reserved -= units;
  return units;
}

/** The revision an inventory RPC appends: a delta with a reason, refused below zero. */
export function adjustStock(tip: StockState, delta: number, reason: string): StockState {
  if (!Number.isSafeInteger(delta) || delta === 0)
    throw new AppError("invalid_argument", "delta must be a non-zero whole number");
  if (tip.available + delta < 0) {
    throw new AppError("failed_precondition", `only ${tip.available} units are available; cannot remove ${-delta}`);
  }
  return { ...tip, available: tip.available + delta, applied: [], reason: `adjust:${reason}`, delta };
}

/** The revision a feed or upsert appends: the available quantity set outright. */
export function setStock(
  tip: StockState | undefined,
  owner: StockOwner,
  available: number,
  lowStockThreshold: number,
): StockState {
  const base: StockState = tip ?? {
    ...owner,
    available: 0,
    reserved: 0,
    lowStockThreshold,
    appliedPartition: -1,
    appliedOffset: NO_OFFSET,
    applied: [],
    reason: "set",
    delta: 0,
  };
  return { ...base, available, lowStockThreshold, applied: [], reason: "set", delta: available - base.available };
}

/** True when `after` is the first revision at or below the threshold. */
export function crossedLowStock(before: StockState | undefined, after: StockState): boolean {
  const threshold = after.lowStockThreshold;
  if (threshold <= 0 || after.available > threshold) return false;
  return before === undefined || before.available > threshold;
}
