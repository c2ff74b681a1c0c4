// The rule every service shares for what a hosting mode means for privacy. Only when the
// business hosts its own messages (on-premises) is a chat end-to-end encrypted between customer
// and business; when any third party operates the API — Meta's cloud or a BSP — the chat is
// provider-accessible (Meta's stated position). Unknown input never yields end-to-end.
export const HOSTING_MODES = ["on_premises", "cloud", "bsp"] as const;
export type HostingMode = (typeof HOSTING_MODES)[number];
export type EncryptionState = "end_to_end" | "provider_accessible";

export function isHostingMode(value: string): value is HostingMode {
  return (HOSTING_MODES as readonly string[]).includes(value);
}

export function encryptionStateOf(mode: string): EncryptionState {
  return mode === "on_premises" ? "end_to_end" : "provider_accessible";
}
