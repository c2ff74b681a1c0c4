// What the conversation store keeps: threads and the messages in them, each with the hosting
// configuration it was processed under.
import type { EncryptionState, HostingMode } from "@switchboard/proto";

export type { EncryptionState, HostingMode };
export type Direction = "inbound" | "outbound" | "system";

export interface HostingState {
  hostingMode: HostingMode;
  encryptionState: EncryptionState;
  processors: string[];
}

export interface ThreadRecord {
  tenantId: string;
  businessId: string;
  threadId: string;
  phoneNumberId: string;
  customerId: string;
  customerWaId: string;
  hosting: HostingState;
  createdAtMs: number;
  updatedAtMs: number;
  lastInboundAtMs: number;
  /** Set when a customer identity change merged this thread into another (see store/mongo-thread-links.ts). */
  mergedIntoThreadId?: string;
  /** When the customer identity last changed; the newest change wins. */
  customerChangedAtMs?: number;
}

export interface MessageRecord {
  tenantId: string;
  threadId: string;
  messageId: string;
  direction: Direction;
  type: string;
  status: string;
  bodyJson: string;
  createdAtMs: number;
  hosting: HostingState;
  /** Outbound only: Meta's errors array as JSON once the status is failed. */
  errorsJson?: string;
  statusAtMs?: number;
  /** The status before the last change: the `previous_status` of its change event. */
  previousStatus?: string;
  bizOpaqueCallbackData?: string;
  /** Inbound only: the catalog product the customer asked about (Meta's context.referred_product). */
  referredProduct?: { catalogId: string; productRetailerId: string };
  /**
   * Outbox markers, so a redelivered event re-publishes what a crash left unpublished and
   * nothing else: the last status whose change event was published, and whether the
   * ready-to-send event was published.
   */
  publishedStatus?: string;
  readyPublished?: boolean;
}
