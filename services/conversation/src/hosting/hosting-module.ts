// Builds the hosting part of the service from the connections main.ts owns: the store adapter,
// the initial-notice hook for thread events, the hosting-change consumer's handlers and the RPCs.
// It opens no connection itself.
import type { EventBus, EventHandlers, Logger } from "@switchboard/kit";
import type { Connection } from "mongoose";
import type { ConversationStore } from "../store/conversation-store.ts";
import { hostingChangeHandlers } from "./hosting-change-handlers.ts";
import { type HostingRpcs, hostingRpcs } from "./hosting-rpcs.ts";
import { type InitialNotices, initialNotices } from "./initial-notice.ts";
import { createMongoHostingStore } from "./mongo-hosting-store.ts";

export interface HostingModule {
  initialNotice: InitialNotices;
  changeHandlers: EventHandlers;
  rpcs: HostingRpcs;
}

export async function createHostingModule(
  connection: Connection,
  conversations: ConversationStore,
  bus: EventBus,
  logger: Logger,
): Promise<HostingModule> {
  const store = await createMongoHostingStore(connection);
  return {
    initialNotice: initialNotices({ store }),
    changeHandlers: hostingChangeHandlers({ store, bus, logger }),
    rpcs: hostingRpcs({ hosting: store, conversations }, logger),
  };
}
