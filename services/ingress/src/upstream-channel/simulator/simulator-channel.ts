// The built-in simulator of the UpstreamChannel: simulated customers who receive, read and
// sometimes answer. A send succeeds at once (Meta answers with an id, then reports progress by
// webhook); once the sender has published `sent` (followUp), the simulator reports `delivered`,
// usually `read`, occasionally `failed` with a real Meta error code, and sometimes a reply — or,
// to a product or product_list message, sometimes an order. Seeded, so a seed replays the same
// customers. A business's mark-read or typing indicator is taken at once, as Meta takes it: the
// simulated customer has no screen to show it on, so nothing follows.
// Pending updates live in timers: a restart forgets them (acceptable for a simulator).
import { createHash } from "node:crypto";
import type { CatalogPrice, CatalogPrices } from "../../catalog/catalog-prices.ts";
import type { ReadResult, SendResult, UpstreamChannel, UpstreamFailure, UpstreamMessage } from "../upstream-channel.ts";
import type { Clock } from "./clock.ts";
import { between, seededRandom } from "./seeded-random.ts";
import { SIMULATED_FAILURES } from "./simulated-failures.ts";
import { namedProducts, simulatedOrder } from "./simulated-order.ts";
import { simulatedReply } from "./simulated-reply.ts";

export type SimulatorUpdate =
  | { kind: "status"; message: UpstreamMessage; status: "delivered" | "read"; atMs: number }
  | { kind: "status"; message: UpstreamMessage; status: "failed"; atMs: number; failure: UpstreamFailure }
  | { kind: "reply"; message: UpstreamMessage; reply: Record<string, unknown>; replyId: string; atMs: number };

export interface SimulatorOptions {
  seed: number;
  clock: Clock;
  onUpdate: (update: SimulatorUpdate) => void;
  failureRate?: number;
  readRate?: number;
  replyRate?: number;
  /** How often a customer who read a product or product_list message orders from it. */
  orderRate?: number;
  /** The catalog's prices: customers order real products at catalog prices (made-up ones without). */
  prices?: CatalogPrices;
  /** Multiplies every delay: 0 makes the simulated customers instant. */
  delayScale?: number;
  delays?: {
    deliveredMs: [number, number];
    readMs: [number, number];
    replyMs: [number, number];
  };
}

export const REALISTIC_DELAYS = {
  deliveredMs: [300, 2_500] as [number, number],
  readMs: [1_000, 15_000] as [number, number],
  replyMs: [2_000, 20_000] as [number, number],
};

export function createSimulatorChannel(options: SimulatorOptions): UpstreamChannel {
  const random = seededRandom(options.seed);
  const delays = options.delays ?? REALISTIC_DELAYS;
  const scale = options.delayScale ?? 1;
  const { clock, onUpdate } = options;
  const later = (delayMs: number, update: () => SimulatorUpdate) =>
    clock.schedule(Math.round(delayMs * scale), () => onUpdate(update()));

  return {
    async send(message: UpstreamMessage): Promise<SendResult> {
      // Draw every number up front, in a fixed order, so one message's fate never depends on
      // how another message's timers interleave with it.
      const [fails, reads, replies, pick, orders, orderSeed] = [
        random(),
        random(),
        random(),
        random(),
        random(),
        random(),
      ];
      const delivered = between(random, delays.deliveredMs);
      const read = delivered + between(random, delays.readMs);
      const reply = read + between(random, delays.replyMs);
      const named = namedProducts(message.bodyJson);
      // Asked before the timers start: a product the catalog does not know is never ordered.
      const prices =
        named && orders < (options.orderRate ?? 0.3) && options.prices
          ? await options
              .prices(message.thread, named.catalogId, named.retailerIds)
              .catch(() => new Map<string, CatalogPrice>())
          : undefined;
      const followUp = () => {
        if (fails < (options.failureRate ?? 0.02)) {
          const failure = SIMULATED_FAILURES[Math.floor(pick * SIMULATED_FAILURES.length)] ?? SIMULATED_FAILURES[0];
          if (failure)
            later(delivered, () => ({ kind: "status", message, status: "failed", atMs: clock.now(), failure }));
          return;
        }
        later(delivered, () => ({ kind: "status", message, status: "delivered", atMs: clock.now() }));
        if (reads >= (options.readRate ?? 0.85)) return;
        later(read, () => ({ kind: "status", message, status: "read", atMs: clock.now() }));
        const replyId = `wamid.SIM${createHash("sha256").update(message.messageId).digest("base64url").slice(0, 32)}`;
        const products = named;
        if (products && orders < (options.orderRate ?? 0.3) && (!prices || prices.size > 0)) {
          // The order's own choices come from a generator seeded by this message's draw, so the
          // number of products picked never shifts the draws of later messages.
          const orderRandom = seededRandom(Math.floor(orderSeed * 2 ** 32));
          later(reply, () => ({
            kind: "reply",
            message,
            replyId,
            reply: simulatedOrder(message, products, replyId, clock.now(), orderRandom, prices),
            atMs: clock.now(),
          }));
          return;
        }
        if (replies < (options.replyRate ?? 0.2)) {
          later(reply, () => ({
            kind: "reply",
            message,
            replyId,
            reply: simulatedReply(message, replyId, clock.now()),
            atMs: clock.now(),
          }));
        }
      };
      return { ok: true, upstreamMessageId: message.messageId, followUp };
    },

    async markRead(): Promise<ReadResult> {
      return { ok: true };
    },
  };
}
