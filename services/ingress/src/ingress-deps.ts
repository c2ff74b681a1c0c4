// What the ingress service is built from: the runtime's logger and event bus, its stores, the
// services it calls and its rate limiter. Every one is required — a test passes in-memory
// adapters or fakes for what it does not exercise, never leaves one out.
import type { EventBus, Logger } from "@switchboard/kit";
import type { IngressStores } from "./ingress-stores.ts";
import type { RateLimiter } from "./rate-limit/rate-limiter.ts";
import type { RemoteServices } from "./remote-services.ts";

export interface IngressDeps extends IngressStores, Omit<RemoteServices, "close"> {
  logger: Logger;
  bus: EventBus;
  /** Readiness: every check must pass for /readyz to answer 200. */
  readinessChecks: Record<string, () => Promise<boolean>>;
  rateLimiter: RateLimiter;
}
