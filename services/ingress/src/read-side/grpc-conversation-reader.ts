// gRPC adapter of the ConversationReader port: calls the conversation service with the caller's
// tenant and business in metadata (the kit's callUnary) and a deadline, and turns its status codes
// into Graph errors (reader-errors.ts). It never widens a call beyond the caller's scope. It runs
// over the process's one client of the service (remote-services.ts), which it never closes.
import { callUnary } from "@switchboard/kit";
import type { ConversationServiceClient } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { unknownObject } from "../graph/graph-errors.ts";
import type { ConversationReader } from "./conversation-reader.ts";
import { withGraphErrors } from "./reader-errors.ts";

const SERVICE = "switchboard.conversation.v1.ConversationService";

export interface GrpcReaderOptions {
  /** Deadline of each call; past it the business gets a 503 rather than a hanging request. */
  timeoutMs?: number;
}

export function createGrpcConversationReader(
  client: ConversationServiceClient,
  options: GrpcReaderOptions = {},
): ConversationReader {
  const timeoutMs = options.timeoutMs ?? 5_000;

  return {
    listThreads: (scope, query) =>
      withGraphErrors(query.phoneNumberId, async () => {
        const response = await callUnary(
          `${SERVICE}/ListThreads`,
          client.listThreads.bind(client),
          {
            phoneNumberId: query.phoneNumberId,
            pageSize: query.limit,
            cursor: query.after,
            hostingMode: query.hostingMode ?? "",
            encryptionState: query.encryptionState ?? "",
            updatedSinceMs: query.updatedSinceMs ?? 0,
            ...(query.windowOpen === undefined ? {} : { windowOpen: query.windowOpen }),
          },
          { scope, timeoutMs },
        );
        return { items: response.threads, after: response.nextCursor };
      }),
    getThread: (scope, threadId) =>
      withGraphErrors(threadId, async () => {
        const response = await callUnary(
          `${SERVICE}/GetThread`,
          client.getThread.bind(client),
          { threadId },
          { scope, timeoutMs },
        );
        if (!response.thread) throw unknownObject(threadId);
        return { ...response, thread: response.thread };
      }),
    listMessages: (scope, threadId, page) =>
      withGraphErrors(threadId, async () => {
        const response = await callUnary(
          `${SERVICE}/ListMessages`,
          client.listMessages.bind(client),
          { threadId, pageSize: page.limit, cursor: page.after },
          { scope, timeoutMs },
        );
        return { items: response.messages, after: response.nextCursor };
      }),
    auditTrail: (scope, messageId) =>
      withGraphErrors(messageId, () =>
        callUnary(`${SERVICE}/GetAuditTrail`, client.getAuditTrail.bind(client), { messageId }, { scope, timeoutMs }),
      ),
  };
}
