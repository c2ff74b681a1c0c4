// The hosting part of the ConversationService gRPC surface: GetAuditTrail, and the history and
// current hosting GetThread returns. conversation-grpc.ts mounts these; they never bypass the
// caller's scope (GetThread authorises the thread before asking for its history).
import { type Logger, type TenantScope, unaryHandler } from "@switchboard/kit";
import type {
  ConversationServiceServer,
  HostingHistoryEntry,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { ThreadRecord } from "../domain/records.ts";
import { type AuditTrailDeps, auditTrailOf } from "./audit-trail.ts";
import { toHistoryEntry } from "./hosting-history-mapping.ts";
import { currentHostingOf } from "./number-hosting.ts";

export interface ThreadHosting {
  history: HostingHistoryEntry[];
  /** The latest entry's state; undefined when the thread has no history (use its own snapshot). */
  current: HostingSnapshot | undefined;
}

export interface HostingRpcs {
  /** History and current hosting of a thread the caller was already authorised to read. */
  threadHosting(scope: TenantScope, threadId: string): Promise<ThreadHosting>;
  getAuditTrail: ConversationServiceServer["getAuditTrail"];
  /** Listed threads with the hosting in force now (their number's latest change overlaid). */
  currentHosting(scope: TenantScope, threads: readonly ThreadRecord[]): Promise<ThreadRecord[]>;
}

export function hostingRpcs(deps: AuditTrailDeps, logger: Logger): HostingRpcs {
  return {
    async threadHosting(scope, threadId) {
      const history = (await deps.hosting.historyOf(scope, threadId)).map(toHistoryEntry);
      return { history, current: history.at(-1)?.to };
    },
    getAuditTrail: unaryHandler(logger, (request, scope) => auditTrailOf(deps, scope, request.messageId)),
    async currentHosting(scope, threads) {
      const numbers = await deps.hosting.numberHostings(scope, [...new Set(threads.map((t) => t.phoneNumberId))]);
      return threads.map((t) => currentHostingOf(t, numbers));
    },
  };
}
