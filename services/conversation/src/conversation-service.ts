// The one builder of the conversation service, run by main.ts, the integration tests and the
// benchmark alike: from the store ports, the event bus, a logger and a clock it builds the
// consumers (as subscriptions ready for the bus), the gRPC implementation and the retention job.
// It opens no connection and starts nothing; serve-conversation-service.ts does that.
import { randomBytes } from "node:crypto";
import type { EventBus, Logger, Subscription } from "@switchboard/kit";
import type { ConversationServiceServer } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { ConversationStores } from "./conversation-stores.ts";
import { threadEventHandlers } from "./events/thread-event-handlers.ts";
import { conversationGrpc } from "./grpc/conversation-grpc.ts";
import { hostingModule } from "./hosting/hosting-module.ts";
import { privacyModule, type RetentionSchedule } from "./privacy/privacy-module.ts";
import { watchEventHandlers } from "./watch/watch-event-handlers.ts";
import { createWatchHub, type WatchHub } from "./watch/watch-hub.ts";

export interface ConversationServiceDeps {
  stores: ConversationStores;
  bus: Pick<EventBus, "publish">;
  logger: Logger;
  /** Decides window states and privacy times; the consumer decides sends at each event's own time. */
  clock: () => number;
  /** The thread consumer's group; the hosting and watch consumers derive theirs from it. */
  consumerGroup: string;
}

export interface ConversationService {
  stores: ConversationStores;
  /** The process's watch streams, closed first on shutdown so the gRPC drain does not wait on them. */
  hub: WatchHub;
  grpc: ConversationServiceServer;
  consumers: {
    /** Thread events: messages, sends and statuses in batches, identity changes. */
    threads: Subscription;
    /** Hosting changes fanned out to a number's threads: their own group, so threads never wait. */
    hosting: Subscription;
    /** Live activity for watch streams: every process needs every event, so a group of its own. */
    watch: Subscription;
  };
  startRetention(schedule: RetentionSchedule): { stop(): Promise<void> };
}

export function buildConversationService(deps: ConversationServiceDeps): ConversationService {
  const { stores, bus, logger, clock, consumerGroup } = deps;
  const { conversations } = stores;
  const hub = createWatchHub();
  const hosting = hostingModule({ hosting: stores.hosting, conversations, bus, logger });
  const privacy = privacyModule({ privacy: stores.privacy, conversations, bus, logger, hosting: hosting.rpcs, clock });
  return {
    stores,
    hub,
    grpc: conversationGrpc({ store: conversations, hub, hosting: hosting.rpcs, privacy: privacy.rpcs, clock, logger }),
    consumers: {
      threads: {
        groupId: consumerGroup,
        handlers: threadEventHandlers({
          store: conversations,
          bus,
          notices: hosting.initialNotices,
          privacy: privacy.hooks,
        }),
      },
      hosting: { groupId: `${consumerGroup}-hosting`, handlers: hosting.changeHandlers },
      watch: {
        groupId: `${consumerGroup}-watch-${randomBytes(6).toString("hex")}`,
        handlers: watchEventHandlers(conversations, hub, logger),
        fromBeginning: false,
        maxAttempts: 1,
      },
    },
    startRetention: privacy.startRetention,
  };
}
