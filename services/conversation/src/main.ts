// Composition root of the conversation service: config → telemetry → adapters → service →
// serve → shutdown. Nothing else in this service opens a connection.
import { randomBytes } from "node:crypto";
import { createHttpServer, mongoIsReady, startGrpcServer, startServiceRuntime } from "@switchboard/kit";
import { ConversationServiceService } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { loadConversationConfig } from "./config.ts";
import { threadEventHandlers } from "./events/thread-event-handlers.ts";
import { conversationGrpc } from "./grpc/conversation-grpc.ts";
import { createHostingModule } from "./hosting/hosting-module.ts";
import { createPrivacyModule } from "./privacy/privacy-module.ts";
import { createMongoConversationStore } from "./store/mongo-conversation-store.ts";
import { watchEventHandlers } from "./watch/watch-event-handlers.ts";
import { createWatchHub } from "./watch/watch-hub.ts";

const SERVICE = "conversation";
const config = loadConversationConfig(process.env);
const { logger, shutdown, mongo, bus } = await startServiceRuntime(SERVICE, config);
const store = await createMongoConversationStore(mongo);
const hosting = await createHostingModule(mongo, store, bus, logger);
const hub = createWatchHub();
const privacy = await createPrivacyModule({
  connection: mongo,
  conversations: store,
  bus,
  logger,
  hosting: hosting.rpcs,
});

const grpc = await startGrpcServer({
  host: config.GRPC_HOST,
  port: config.GRPC_PORT,
  services: [
    {
      name: "switchboard.conversation.v1.ConversationService",
      definition: ConversationServiceService,
      implementation: conversationGrpc(store, logger, { hub, hosting: hosting.rpcs, privacy: privacy.rpcs }),
    },
  ],
});
const subscription = await bus.subscribe({
  groupId: config.CONSUMER_GROUP,
  handlers: threadEventHandlers(store, bus, hosting.initialNotice, privacy.hooks),
});
// Fan-outs of hosting changes can take long: their own group, so thread events never wait on them.
const hostingSubscription = await bus.subscribe({
  groupId: `${config.CONSUMER_GROUP}-hosting`,
  handlers: hosting.changeHandlers,
});
// Watch streams follow live events only, so every process needs every event: its own group.
const watchSubscription = await bus.subscribe({
  groupId: `${config.CONSUMER_GROUP}-watch-${randomBytes(6).toString("hex")}`,
  handlers: watchEventHandlers(store, hub, logger),
  fromBeginning: false,
  maxAttempts: 1,
});
const retention = privacy.startRetention({
  intervalMs: config.RETENTION_INTERVAL_MS,
  batchSize: config.RETENTION_BATCH_SIZE,
});
const http = createHttpServer({ logger, bodyLimitBytes: 1024, readinessChecks: { mongo: () => mongoIsReady(mongo) } });
await http.listen({ host: config.GRPC_HOST, port: config.HTTP_PORT });

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
// Open watch streams end with OK first, or the gRPC drain would wait for them until its timeout.
shutdown.onStopIntake("watch streams", async () => hub.close());
shutdown.onStopIntake("grpc", () => grpc.drain(5_000));
shutdown.onStopIntake("watch consumer", () => watchSubscription.stop());
shutdown.onStopIntake("consumer", () => subscription.stop());
shutdown.onStopIntake("hosting consumer", () => hostingSubscription.stop());
shutdown.onStopIntake("retention job", () => retention.stop());

logger.info({ grpcPort: grpc.port, httpPort: http.server.address() }, "conversation service ready");
