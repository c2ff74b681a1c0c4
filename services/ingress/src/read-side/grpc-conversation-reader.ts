// gRPC adapter of the ConversationReader port: calls the conversation service with the caller's
// tenant and business in metadata (the kit's callUnary) and a deadline, and turns its status codes
// into Graph errors (reader-errors.ts). It never widens a call beyond the caller's scope.
import { credentials } from "@grpc/grpc-js";
import { callUnary } from "@switchboard/kit";
import { ConversationServiceClient } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { unknownObject } from "../graph/graph-errors.ts";
import type { ConversationReader } from "./conversation-reader.ts";
import { readerErrorToGraph } from "./reader-errors.ts";

const SERVICE = "switchboard.conversation.v1.ConversationService";

export interface GrpcReaderOptions {
  /** Deadline of each call; past it the business gets a 503 rather than a hanging request. */
  timeoutMs?: number;
}

export function createGrpcConversationReader(
  address: string,
  options: GrpcReaderOptions = {},
): ConversationReader & { close(): void } {
  const client = new ConversationServiceClient(address, credentials.createInsecure());
  const timeoutMs = options.timeoutMs ?? 5_000;
  const call = async <T>(objectId: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw readerErrorToGraph(error, objectId);
    }
  };

  return {
    listThreads: (scope, query) =>
      call(query.phoneNumberId, async () => {
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
      call(threadId, async () => {
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
      call(threadId, async () => {
        const response = await callUnary(
          `${SERVICE}/ListMessages`,
          client.listMessages.bind(client),
          { threadId, pageSize: page.limit, cursor: page.after },
          { scope, timeoutMs },
        );
        return { items: response.messages, after: response.nextCursor };
      }),
    auditTrail: (scope, messageId) =>
      call(messageId, () =>
        callUnary(`${SERVICE}/GetAuditTrail`, client.getAuditTrail.bind(client), { messageId }, { scope, timeoutMs }),
      ),
    close: () => client.close(),
  };
}
