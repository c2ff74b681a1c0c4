// The privacy part of the service, built over the ports the service builder hands it: the hooks
// thread events go through, the RPCs, and the retention job (started when the service is served,
// stopped in phase 1 of shutdown). It opens no connection and owns no collection of another part.
import type { EventBus, Logger } from "@switchboard/kit";
import type { HostingRpcs } from "../hosting/hosting-rpcs.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { type PrivacyHooks, privacyHooks } from "./privacy-hooks.ts";
import { type PrivacyRpcs, privacyRpcs } from "./privacy-rpcs.ts";
import type { PrivacyStore } from "./privacy-store.ts";
import { startRetentionJob } from "./retention-job.ts";

export interface RetentionSchedule {
  intervalMs: number;
  batchSize: number;
}

export interface PrivacyModule {
  hooks: PrivacyHooks;
  rpcs: PrivacyRpcs;
  startRetention(schedule: RetentionSchedule): { stop(): Promise<void> };
}

export function privacyModule(deps: {
  privacy: PrivacyStore;
  conversations: ConversationStore;
  bus: Pick<EventBus, "publish">;
  logger: Logger;
  hosting: Pick<HostingRpcs, "threadHosting">;
  clock: () => number;
}): PrivacyModule {
  const { privacy, conversations, bus, logger, hosting, clock } = deps;
  return {
    hooks: privacyHooks(privacy),
    rpcs: privacyRpcs({ conversations, privacy, bus, clock, hosting }, logger),
    startRetention: (schedule) => startRetentionJob({ privacy, conversations, clock, logger, ...schedule }),
  };
}
