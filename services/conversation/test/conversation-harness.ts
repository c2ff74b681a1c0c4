// The conversation service wired as main.ts wires it, against the real Kafka broker and the real
// MongoDB-wire server, in a namespace of its own (topic prefix, consumer groups, database), plus
// a collector that records the events the service publishes. For integration tests only.
import { randomBytes } from "node:crypto";
import { credentials } from "@grpc/grpc-js";
import {
  connectMongo,
  createKafkaEventBus,
  type EventBus,
  EventHandlers,
  type ReceivedEvent,
  type RunningGrpcServer,
  type SubscriptionHandle,
  startGrpcServer,
} from "@switchboard/kit";
import { MessageStatusChangedEvent, OutboundMessageReadyToSendEvent } from "@switchboard/proto";
import {
  ConversationServiceClient,
  ConversationServiceService,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type {
  MessageStatusChanged,
  OutboundMessageReadyToSend,
} from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { uniqueName } from "@switchboard/testing/isolation";
import type { Connection } from "mongoose";
import { pino } from "pino";
import { threadEventHandlers } from "../src/events/thread-event-handlers.ts";
import { conversationGrpc } from "../src/grpc/conversation-grpc.ts";
import type { ConversationStore } from "../src/store/conversation-store.ts";
import { createMongoConversationStore } from "../src/store/mongo-conversation-store.ts";
import { watchEventHandlers } from "../src/watch/watch-event-handlers.ts";
import { createWatchHub, type WatchHub } from "../src/watch/watch-hub.ts";

export interface Harness {
  bus: EventBus;
  store: ConversationStore;
  hub: WatchHub;
  client: ConversationServiceClient;
  statusChanges: ReceivedEvent<MessageStatusChanged>[];
  readyToSend: ReceivedEvent<OutboundMessageReadyToSend>[];
  stop(): Promise<void>;
}

export async function startHarness(
  servers: { kafkaBrokers: readonly string[]; mongodbUri: string },
  label: string,
  now: () => number,
): Promise<Harness> {
  const logger = pino({ level: "warn" });
  const mongo: Connection = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName(label) });
  const store = await createMongoConversationStore(mongo);
  const prefix = `${uniqueName(label)}.`;
  const bus = await createKafkaEventBus({
    brokers: servers.kafkaBrokers,
    clientId: `${label}-test`,
    source: "/switchboard/test",
    topicPrefix: prefix,
    partitions: 3,
    logger,
  });
  const hub = createWatchHub();
  const statusChanges: ReceivedEvent<MessageStatusChanged>[] = [];
  const readyToSend: ReceivedEvent<OutboundMessageReadyToSend>[] = [];
  const subscriptions: SubscriptionHandle[] = [
    await bus.subscribe({ groupId: `${prefix}conversation`, handlers: threadEventHandlers(store, bus) }),
    await bus.subscribe({
      groupId: `${prefix}watch-${randomBytes(4).toString("hex")}`,
      handlers: watchEventHandlers(store, hub, logger),
      fromBeginning: false,
      maxAttempts: 1,
    }),
    await bus.subscribe({
      groupId: `${prefix}collector`,
      handlers: new EventHandlers()
        .on(MessageStatusChangedEvent, async (e) => void statusChanges.push(e))
        .on(OutboundMessageReadyToSendEvent, async (e) => void readyToSend.push(e)),
    }),
  ];
  const grpc: RunningGrpcServer = await startGrpcServer({
    host: "127.0.0.1",
    port: 0,
    services: [
      {
        name: "switchboard.conversation.v1.ConversationService",
        definition: ConversationServiceService,
        implementation: conversationGrpc(store, logger, { hub, now }),
      },
    ],
  });
  const client = new ConversationServiceClient(`127.0.0.1:${grpc.port}`, credentials.createInsecure());
  return {
    bus,
    store,
    hub,
    client,
    statusChanges,
    readyToSend,
    async stop() {
      client.close();
      hub.close();
      await grpc.drain(1_000);
      await Promise.allSettled(subscriptions.map((s) => s.stop()));
      await bus.close();
      await mongo.dropDatabase().catch(() => {});
      await mongo.close();
    },
  };
}

export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
