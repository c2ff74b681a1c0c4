// The read side of a business's chats over HTTP, Graph-style, authenticated with the business
// access token: list a number's threads (with filters), one thread with its hosting history, a
// thread's messages, and a message's audit trail. Order matters: token, then every path and query
// parameter, then the number within the caller's business, and only then the conversation
// service — so bad input or a foreign number never reaches gRPC. A thread of another number is
// answered exactly as one that does not exist.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { unknownObject } from "../graph/graph-errors.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { graphCaller, numberRoute } from "../tenancy/graph-prologue.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import type { ConversationReader } from "./conversation-reader.ts";
import { graphPage, nextPageUrl } from "./graph-paging.ts";
import { auditView, messageView } from "./message-views.ts";
import { messageIdOf, threadIdOf } from "./read-path-ids.ts";
import { parseMessageListQuery, parseNoQuery, parseThreadListQuery } from "./read-query.ts";
import { threadDetailView, threadView } from "./thread-views.ts";

export interface ReadRouteDeps {
  callers: CallerDirectory;
  reader: ConversationReader;
}

interface NumberParams {
  version: string;
  phoneNumberId: string;
}
interface ThreadParams extends NumberParams {
  threadId: string;
}

async function threadOfNumber(deps: ReadRouteDeps, caller: Caller, phoneNumberId: string, threadId: string) {
  const found = await deps.reader.getThread(caller, threadId);
  if (found.thread.phoneNumberId !== phoneNumberId) throw unknownObject(threadId);
  return found;
}

async function threadTarget(deps: ReadRouteDeps, request: FastifyRequest<{ Params: ThreadParams }>) {
  const route = await numberRoute(request, deps.callers);
  return { ...route, threadId: threadIdOf(request.params.threadId) };
}

export function registerReadRoutes(app: FastifyInstance, deps: ReadRouteDeps): void {
  app.get<{ Params: NumberParams }>("/:version/:phoneNumberId/threads", async (request) => {
    const { caller, ownNumber } = await numberRoute(request, deps.callers);
    const { page, filters, params } = parseThreadListQuery(request.query);
    const { phoneNumberId } = await ownNumber();
    const found = await deps.reader.listThreads(caller, { ...page, ...filters, phoneNumberId });
    return graphPage(found.items.map(threadView), found.after, (after) => nextPageUrl(request, params, after));
  });

  app.get<{ Params: ThreadParams }>("/:version/:phoneNumberId/threads/:threadId", async (request) => {
    const { caller, phoneNumberId, threadId, ownNumber } = await threadTarget(deps, request);
    parseNoQuery(request.query);
    await ownNumber();
    const found = await threadOfNumber(deps, caller, phoneNumberId, threadId);
    return threadDetailView(found.thread, found.hostingHistory);
  });

  app.get<{ Params: ThreadParams }>("/:version/:phoneNumberId/threads/:threadId/messages", async (request) => {
    const { caller, phoneNumberId, threadId, ownNumber } = await threadTarget(deps, request);
    const { page, params } = parseMessageListQuery(request.query);
    await ownNumber();
    // The thread lookup proves the thread belongs to this number before any message is read.
    await threadOfNumber(deps, caller, phoneNumberId, threadId);
    const found = await deps.reader.listMessages(caller, threadId, page);
    return graphPage(found.items.map(messageView), found.after, (after) => nextPageUrl(request, params, after));
  });

  app.get<{ Params: { version: string; messageId: string } }>(
    "/:version/messages/:messageId/audit",
    async (request) => {
      const caller = await graphCaller(request, deps.callers, request.params.messageId);
      const messageId = messageIdOf(request.params.messageId);
      parseNoQuery(request.query);
      // The conversation service scopes the message to the caller's tenant and business.
      return auditView(await deps.reader.auditTrail(caller, messageId));
    },
  );
}
