// The order lifecycle as pure functions over OrderState: which transitions exist, how the stock
// keeper's answers decide a pending order, and what a business may move it to by RPC. Every
// function returns a new state (or undefined when nothing changes) and never mutates its input.
import { AppError } from "@switchboard/kit";
import type { OrderLine, OrderState, OrderStatus } from "./order.ts";

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["confirmed", "partially_confirmed", "rejected", "cancelled"],
  confirmed: ["paid", "cancelled"],
  partially_confirmed: ["paid", "cancelled"],
  rejected: [],
  paid: ["shipped", "cancelled"],
  shipped: ["completed"],
  completed: [],
  cancelled: [],
};

/** What a business moves an order to itself; the confirmation decision is the platform's. */
export const BUSINESS_TARGETS: readonly OrderStatus[] = ["paid", "shipped", "completed", "cancelled"];

export interface ReservationAnswer {
  line: number;
  reserved: number;
}

/** Applies reservation answers; decides the order once no line is pending. */
export function applyAnswers(
  order: OrderState,
  answers: readonly ReservationAnswer[],
  nowMs: number,
): OrderState | undefined {
  const lines = order.lines.map((l) => ({ ...l }));
  const releases: number[] = [];
  let changed = false;
  const closed = order.status === "cancelled" || order.status === "rejected";
  for (const answer of answers) {
    const line = lines[answer.line];
    if (line?.state !== "pending") continue; // a duplicate answer, or a line never asked for
    changed = true;
    if (answer.reserved <= 0) {
      line.state = "unavailable";
    } else if (closed) {
      line.state = "released";
      releases.push(answer.line);
    } else {
      line.state = "reserved";
      line.reservedQuantity = answer.reserved;
    }
  }
  if (!changed) return undefined;
  const decided = order.status === "pending" && lines.every((l) => l.state !== "pending");
  const to = decided ? decide(order, lines) : order.status;
  if (to === "rejected") releaseReserved(lines, releases);
  return {
    ...order,
    lines,
    status: to,
    releases,
    transition: to === order.status ? undefined : { from: order.status, to, atMs: nowMs },
  };
}

/** An order whose every line was answered before any reservation (all unknown, say). */
export function decideWithoutAnswers(order: OrderState, nowMs: number): OrderState {
  if (order.lines.some((l) => l.state === "pending")) return order;
  const to = decide(order, order.lines);
  return { ...order, status: to, transition: { from: order.transition?.to ?? "", to, atMs: nowMs } };
}

function decide(order: OrderState, lines: readonly OrderLine[]): OrderStatus {
  const reserved = lines.filter((l) => l.state === "reserved").length;
  if (reserved === lines.length && reserved > 0) return "confirmed";
  if (reserved === 0) return "rejected";
  return order.policy === "partial" ? "partially_confirmed" : "rejected";
}

function releaseReserved(lines: OrderLine[], releases: number[]): void {
  lines.forEach((line, index) => {
    if (line.state !== "reserved") return;
    line.state = "released";
    line.reservedQuantity = 0;
    releases.push(index);
  });
}

/** A business's move (paid, shipped, completed, cancelled); cancelling gives the stock back. */
export function moveOrder(order: OrderState, to: OrderStatus, nowMs: number): OrderState {
  if (!BUSINESS_TARGETS.includes(to))
    throw new AppError("invalid_argument", `status must be one of ${BUSINESS_TARGETS.join(", ")}`);
  if (!NEXT[order.status].includes(to)) {
    throw new AppError("failed_precondition", `an order that is ${order.status} cannot become ${to}`);
  }
  const lines = order.lines.map((l) => ({ ...l }));
  const releases: number[] = [];
  if (to === "cancelled") releaseReserved(lines, releases);
  return { ...order, lines, status: to, releases, transition: { from: order.status, to, atMs: nowMs } };
}
