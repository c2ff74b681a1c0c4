// The readiness checks every service's /readyz runs: the store answers a ping and the event bus
// reaches its broker with no crashed consumer. A pod whose consumer stopped, or whose store or
// broker is away, is taken out of rotation instead of answering 500s or quietly not consuming.
import type { Connection } from "mongoose";
import type { EventBus } from "../events/event-bus.ts";
import { mongoIsReady } from "../mongo/connect-mongo.ts";

export function readinessChecks(deps: { mongo: Connection; bus: EventBus }): Record<string, () => Promise<boolean>> {
  return {
    mongo: () => mongoIsReady(deps.mongo),
    kafka: async () => (deps.bus.ready ? deps.bus.ready() : true),
  };
}
