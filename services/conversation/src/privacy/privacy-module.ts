// Builds the privacy part of the service from the connections main.ts owns: its store adapter,
// the hooks thread events go through, the RPCs, and the retention job (started by main.ts, stopped
// in phase 1 of shutdown). It opens no connection itself.
import type { EventBus, Logger } from "@switchboard/kit";
import type { Connection } from "mongoose";
import type { HostingRpcs } from "../hosting/hosting-rpcs.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { createMongoPrivacyStore } from "./mongo-privacy-store.ts";
import { type PrivacyHooks, privacyHooks } from "./privacy-hooks.ts";
import { type PrivacyRpcs, privacyRpcs } from "./privacy-rpcs.ts";
import type { PrivacyStore } from "./privacy-store.ts";
import { startRetentionJob } from "./retention-job.ts";

export interface PrivacyModule {
  store: PrivacyStore;
  hooks: PrivacyHooks;
  rpcs: PrivacyRpcs;
  startRetention(options: { intervalMs: number; batchSize: number }): { stop(): Promise<void> };
}

export async function createPrivacyModule(deps: {
  connection: Connection;
  conversations: ConversationStore;
  bus: EventBus;
  logger: Logger;
  hosting?: Pick<HostingRpcs, "threadHosting">;
  clock?: () => number;
}): Promise<PrivacyModule> {
  const store = await createMongoPrivacyStore(deps.connection);
  const clock = deps.clock ?? Date.now;
  return {
    store,
    hooks: privacyHooks(store),
    rpcs: privacyRpcs(
      {
        conversations: deps.conversations,
        privacy: store,
        bus: deps.bus,
        clock,
        ...(deps.hosting ? { hosting: deps.hosting } : {}),
      },
      deps.logger,
    ),
    startRetention: (options) => startRetentionJob({ privacy: store, clock, logger: deps.logger, ...options }),
  };
}
