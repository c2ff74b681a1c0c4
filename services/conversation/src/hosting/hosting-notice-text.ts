// The text WhatsApp shows customers for each hosting mode (WhatsApp FAQ "About chatting with
// businesses"). The notice must never claim end-to-end encryption for a mode where a third party
// operates the API: only on-premises gets the end-to-end text, anything else a provider text.
import type { HostingMode } from "../domain/records.ts";

const TEXTS: Record<HostingMode, string> = {
  on_premises:
    "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
  cloud: "This business uses a secure service from Meta to manage this chat.",
  bsp: "This business works with other companies to manage this chat.",
};

export function hostingNoticeText(mode: HostingMode): string {
  return TEXTS[mode];
}
