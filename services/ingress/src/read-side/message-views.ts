// The JSON a business gets for a message and for its audit trail: direction, type, status, time,
// the stored body parsed, and the hosting label it was processed under — the answer to "who could
// read this message". A body that is not valid JSON is shown as null rather than failing the page.
import type { GetAuditTrailResponse, Message } from "./conversation-reader.ts";
import { type HostingLabel, hostingLabel } from "./hosting-label.ts";
import { unixSeconds } from "./read-timestamps.ts";
import { type HostingChangeView, hostingChangeView } from "./thread-views.ts";

export interface MessageView {
  id: string;
  thread_id: string;
  direction: string;
  type: string;
  /** accepted | sent | delivered | read | failed; null for inbound and system messages. */
  status: string | null;
  timestamp: string;
  content: unknown;
  hosting: HostingLabel | null;
}

export interface AuditView {
  id: string;
  thread_id: string;
  direction: string;
  timestamp: string;
  hosting: HostingLabel | null;
  /** The parties that could read the message: the processors of its hosting. */
  readable_by: string[];
  in_force: HostingChangeView | null;
  next_change: HostingChangeView | null;
}

function parsedBody(bodyJson: string): unknown {
  if (bodyJson === "") return null;
  try {
    return JSON.parse(bodyJson);
  } catch {
    return null;
  }
}

export function messageView(message: Message): MessageView {
  return {
    id: message.messageId,
    thread_id: message.threadId,
    direction: message.direction,
    type: message.type,
    status: message.status === "" ? null : message.status,
    timestamp: unixSeconds(message.createdAtMs),
    content: parsedBody(message.bodyJson),
    hosting: hostingLabel(message.hosting),
  };
}

export function auditView(audit: GetAuditTrailResponse): AuditView {
  return {
    id: audit.messageId,
    thread_id: audit.threadId,
    direction: audit.direction,
    timestamp: unixSeconds(audit.messageAtMs),
    hosting: hostingLabel(audit.hosting),
    readable_by: [...(audit.hosting?.processors ?? [])],
    in_force: audit.inForce ? hostingChangeView(audit.inForce) : null,
    next_change: audit.nextChange ? hostingChangeView(audit.nextChange) : null,
  };
}
