// The conversation service built and served exactly as main.ts builds and serves it, against the
// real Kafka broker and the real MongoDB-wire server, in a namespace of its own (topic prefix,
// consumer groups, database), with a gRPC client and a collector of the events it publishes.
// An observer's own handlers can watch more. For integration tests only.
import {
  connectMongo,
  type EventBus,
  EventHandlers,
  type ReceivedEvent,
  type SubscriptionHandle,
} from "@switchboard/kit";
import { connectKafkaTestBus, openTestClient, testServerSecurity } from "@switchboard/kit/testing";
import { MessageStatusChangedEvent, OutboundMessageReadyToSendEvent } from "@switchboard/proto";
import { ConversationServiceClient } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type {
  MessageStatusChanged,
  OutboundMessageReadyToSend,
} from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { uniqueName } from "@switchboard/testing/isolation";
import type { Connection } from "mongoose";
import { pino } from "pino";
import { buildConversationService, type ConversationService } from "../../src/conversation-service.ts";
import { createMongoConversationStores } from "../../src/conversation-stores.ts";
import { serveConversationService } from "../../src/serve-conversation-service.ts";

/** main.ts's defaults: an hourly retention round, which no test waits for. */
const RETENTION = { intervalMs: 3_600_000, batchSize: 500 };

export interface ConversationHarness {
  bus: EventBus;
  service: ConversationService;
  client: ConversationServiceClient;
  statusChanges: ReceivedEvent<MessageStatusChanged>[];
  readyToSend: ReceivedEvent<OutboundMessageReadyToSend>[];
  stop(): Promise<void>;
}

export async function startConversationHarness(
  servers: { kafkaBrokers: readonly string[]; mongodbUri: string },
  label: string,
  options: { clock: () => number; observer?: EventHandlers },
): Promise<ConversationHarness> {
  const logger = pino({ level: "warn" });
  const mongo: Connection = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName(label) });
  const { prefix, bus } = await connectKafkaTestBus(label, { logger });
  const service = buildConversationService({
    stores: await createMongoConversationStores(mongo),
    bus,
    logger,
    clock: options.clock,
    consumerGroup: `${prefix}conversation`,
  });
  const served = await serveConversationService(service, {
    bus,
    host: "127.0.0.1",
    port: 0,
    security: testServerSecurity,
    retention: RETENTION,
  });
  const statusChanges: ReceivedEvent<MessageStatusChanged>[] = [];
  const readyToSend: ReceivedEvent<OutboundMessageReadyToSend>[] = [];
  const collectors: SubscriptionHandle[] = [
    await bus.subscribe({
      groupId: `${prefix}collector`,
      handlers: new EventHandlers()
        .on(MessageStatusChangedEvent, async (e) => void statusChanges.push(e))
        .on(OutboundMessageReadyToSendEvent, async (e) => void readyToSend.push(e)),
    }),
    ...(options.observer ? [await bus.subscribe({ groupId: `${prefix}observer`, handlers: options.observer })] : []),
  ];
  const client = openTestClient(ConversationServiceClient, `127.0.0.1:${served.grpcPort}`);
  return {
    bus,
    service,
    client,
    statusChanges,
    readyToSend,
    async stop() {
      client.close();
      await served.stop().catch(() => {});
      await Promise.allSettled(collectors.map((s) => s.stop()));
      await bus.close();
      await mongo.dropDatabase().catch(() => {});
      await mongo.close();
    },
  };
}
