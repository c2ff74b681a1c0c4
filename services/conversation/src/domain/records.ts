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
}
