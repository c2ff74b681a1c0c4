// Serves a built conversation service: subscribes its consumers, starts its gRPC server (health
// and reflection included) and its retention job, and hands back the phase-1 shutdown steps in the
// order they must run. main.ts registers them with its two-phase shutdown; in-process tests call
// stop(). Closing the bus and the database stays with whoever opened them.
import { type EventBus, type GrpcServerSecurity, startGrpcServer } from "@switchboard/kit";
import { ConversationServiceService } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { ConversationService } from "./conversation-service.ts";
import type { RetentionSchedule } from "./privacy/privacy-module.ts";

export const CONVERSATION_GRPC_SERVICE = "switchboard.conversation.v1.ConversationService";
/** How long in-flight gRPC calls may take to finish once intake stopped. */
const GRPC_DRAIN_MS = 5_000;

export interface ServeOptions {
  bus: Pick<EventBus, "subscribe">;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Scope-token keys, mTLS and reflection of the gRPC server. */
  security: GrpcServerSecurity;
  retention: RetentionSchedule;
}

export interface IntakeStep {
  name: string;
  run(): Promise<void>;
}

export interface ServedConversationService {
  grpcPort: number;
  /** Phase 1 of shutdown, in order: stop taking work, finish what is in flight. */
  intake: readonly IntakeStep[];
  /** Runs every intake step in order, each even if one before it failed (callers without a Shutdown). */
  stop(): Promise<void>;
}

export async function serveConversationService(
  service: ConversationService,
  options: ServeOptions,
): Promise<ServedConversationService> {
  const grpc = await startGrpcServer({
    host: options.host,
    port: options.port,
    security: options.security,
    services: [
      { name: CONVERSATION_GRPC_SERVICE, definition: ConversationServiceService, implementation: service.grpc },
    ],
  });
  const threads = await options.bus.subscribe(service.consumers.threads);
  const hosting = await options.bus.subscribe(service.consumers.hosting);
  const watch = await options.bus.subscribe(service.consumers.watch);
  const retention = service.startRetention(options.retention);

  const intake: IntakeStep[] = [
    // Open watch streams end with OK first, or the gRPC drain would wait for them until its timeout.
    { name: "watch streams", run: async () => service.hub.close() },
    { name: "grpc", run: () => grpc.drain(GRPC_DRAIN_MS) },
    { name: "watch consumer", run: () => watch.stop() },
    { name: "consumer", run: () => threads.stop() },
    { name: "hosting consumer", run: () => hosting.stop() },
    { name: "retention job", run: () => retention.stop() },
  ];
  return {
    grpcPort: grpc.port,
    intake,
    async stop() {
      const failures: unknown[] = [];
      for (const step of intake) await step.run().catch((error: unknown) => void failures.push(error));
      if (failures.length > 0) throw new AggregateError(failures, "conversation service did not stop cleanly");
    },
  };
}
