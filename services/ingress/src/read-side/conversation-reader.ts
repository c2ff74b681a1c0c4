// The ConversationReader port: what ingress's read routes need from the conversation service
// (its gRPC API is the internal contract; grpc-conversation-reader.ts is the adapter). Every
// method takes the authenticated caller's tenant and business first, and a thread or message
// outside that scope is the Graph "unknown object" error (100/33) — never data, and never a
// different answer from an object that does not exist.
import type { EncryptionState, HostingMode } from "@switchboard/proto";
import type {
  GetAuditTrailResponse,
  GetThreadResponse,
  HostingHistoryEntry,
  Message,
  Thread,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { Caller } from "../tenancy/tenancy-records.ts";

export type { GetAuditTrailResponse, GetThreadResponse, HostingHistoryEntry, Message, Thread };

/** One page request: at most `limit` items after the opaque cursor `after` ("" for the first). */
export interface PageRequest {
  limit: number;
  after: string;
}

export interface ThreadFilters {
  hostingMode?: HostingMode;
  encryptionState?: EncryptionState;
  windowOpen?: boolean;
  /** Only threads updated at or after this time. */
  updatedSinceMs?: number;
}

export interface ThreadQuery extends PageRequest, ThreadFilters {
  phoneNumberId: string;
}

/** A page of items and the cursor of the next page ("" on the last page). */
export interface Page<T> {
  items: T[];
  after: string;
}

export interface ConversationReader {
  listThreads(caller: Caller, query: ThreadQuery): Promise<Page<Thread>>;
  /** The thread with its hosting history; unknownObject when outside the caller's scope. */
  getThread(caller: Caller, threadId: string): Promise<GetThreadResponse & { thread: Thread }>;
  listMessages(caller: Caller, threadId: string, page: PageRequest): Promise<Page<Message>>;
  /** Who could read the message; unknownObject when outside the caller's scope. */
  auditTrail(caller: Caller, messageId: string): Promise<GetAuditTrailResponse>;
}
