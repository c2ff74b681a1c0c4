// The 24-hour customer service window, as pure functions. Each inbound message opens or resets
// it; a free-form send outside it fails with Meta's 131047 while templates are always allowed.
// Decisions take the time explicitly (the event's time or an injected clock), never Date.now().

export const WINDOW_MS = 24 * 60 * 60 * 1000;
export const REENGAGEMENT_ERROR_CODE = 131047;

/** Open while the last inbound message is less than 24 hours old; never open without one. */
export function isWindowOpen(lastInboundAtMs: number, atMs: number): boolean {
  return lastInboundAtMs > 0 && atMs - lastInboundAtMs < WINDOW_MS;
}

/** When the window closes; 0 when the customer never wrote. */
export function windowExpiresAtMs(lastInboundAtMs: number): number {
  return lastInboundAtMs > 0 ? lastInboundAtMs + WINDOW_MS : 0;
}

/** Whether an accepted send may go upstream: templates always, free-form only inside the window. */
export function maySend(type: string, lastInboundAtMs: number, acceptedAtMs: number): boolean {
  return type === "template" || isWindowOpen(lastInboundAtMs, acceptedAtMs);
}

/** Meta's errors array for a free-form send outside the window, as JSON. */
export function reengagementErrorsJson(): string {
  return JSON.stringify([
    {
      code: REENGAGEMENT_ERROR_CODE,
      title: "Re-engagement message",
      message: "Re-engagement message",
      error_data: {
        details:
          "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
      },
    },
  ]);
}
