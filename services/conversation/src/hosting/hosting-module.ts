// The hosting part of the service, built over the ports the service builder hands it: the
// initial-notice step of the thread consumer, the hosting-change consumer's handlers and the RPCs.
// It opens no connection and owns no collection of another part.
import type { EventBus, EventHandlers, Logger } from "@switchboard/kit";
import type { ConversationStore } from "../store/conversation-store.ts";
import { hostingChangeHandlers } from "./hosting-change-handlers.ts";
import { type HostingRpcs, hostingRpcs } from "./hosting-rpcs.ts";
import type { HostingStore } from "./hosting-store.ts";
import { type InitialNotices, initialNotices } from "./initial-notice.ts";

export interface HostingModule {
  initialNotices: InitialNotices;
  changeHandlers: EventHandlers;
  rpcs: HostingRpcs;
}

export function hostingModule(deps: {
  hosting: HostingStore;
  conversations: ConversationStore;
  bus: Pick<EventBus, "publish">;
  logger: Logger;
}): HostingModule {
  const { hosting, conversations, bus, logger } = deps;
  return {
    initialNotices: initialNotices({ store: hosting }),
    changeHandlers: hostingChangeHandlers({ hosting, conversations, bus, logger }),
    rpcs: hostingRpcs({ hosting, conversations }, logger),
  };
}
