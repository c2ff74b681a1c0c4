// The hosting label a business sees on a thread or message: who hosts the chat, whether it is
// end-to-end encrypted, who can read it, and the text WhatsApp shows the customer. The texts are
// those of services/conversation/src/hosting/hosting-notice-text.ts (the notice stored in the chat);
// they live there because the conversation service owns the notice, and the integration test
// (test/read-side.int.test.ts) proves the two agree. It must never label a chat end-to-end
// unless the business hosts it itself: the encryption state is derived from the mode by the
// shared rule, never taken on trust.
import { encryptionStateOf, isHostingMode } from "@switchboard/proto";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";

const END_TO_END_TEXT =
  "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.";
const CLOUD_TEXT = "This business uses a secure service from Meta to manage this chat.";
const PROVIDER_TEXT = "This business works with other companies to manage this chat.";

export interface HostingLabel {
  hosting_mode: string;
  encryption_state: string;
  processors: string[];
  label: string;
}

function labelText(mode: string): string {
  if (mode === "on_premises") return END_TO_END_TEXT;
  if (mode === "cloud") return CLOUD_TEXT;
  // bsp, and any mode this build does not know: a third party may read the chat.
  return PROVIDER_TEXT;
}

export function hostingLabel(snapshot: HostingSnapshot | undefined): HostingLabel | null {
  if (!snapshot) return null;
  const mode = isHostingMode(snapshot.hostingMode) ? snapshot.hostingMode : "unknown";
  return {
    hosting_mode: mode,
    encryption_state: encryptionStateOf(mode),
    processors: [...snapshot.processors],
    label: labelText(mode),
  };
}
