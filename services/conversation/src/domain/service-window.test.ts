import { describe, expect, it } from "vitest";
import { isWindowOpen, maySend, reengagementErrorsJson, WINDOW_MS, windowExpiresAtMs } from "./service-window.ts";

const inboundAt = 1_700_000_000_000;

describe("customer service window", () => {
  it("is open for 24 hours after the last inbound message, and not a millisecond longer", () => {
    expect(isWindowOpen(inboundAt, inboundAt)).toBe(true);
    expect(isWindowOpen(inboundAt, inboundAt + WINDOW_MS - 1)).toBe(true);
    expect(isWindowOpen(inboundAt, inboundAt + WINDOW_MS)).toBe(false);
    expect(windowExpiresAtMs(inboundAt)).toBe(inboundAt + WINDOW_MS);
  });

  it("is closed when the customer never wrote", () => {
    expect(isWindowOpen(0, 5)).toBe(false);
    expect(windowExpiresAtMs(0)).toBe(0);
  });

  it("counts an inbound message stored after the send was accepted as open", () => {
    expect(isWindowOpen(inboundAt + 10, inboundAt)).toBe(true);
  });

  it("allows templates outside the window but not free-form messages", () => {
    const late = inboundAt + WINDOW_MS + 1;
    expect(maySend("template", inboundAt, late)).toBe(true);
    expect(maySend("template", 0, late)).toBe(true);
    expect(maySend("text", inboundAt, late)).toBe(false);
    expect(maySend("text", inboundAt, inboundAt + 1)).toBe(true);
  });

  it("reports Meta's 131047 error shape", () => {
    const [error] = JSON.parse(reengagementErrorsJson()) as [Record<string, unknown>];
    expect(error).toMatchObject({ code: 131047, title: "Re-engagement message", message: "Re-engagement message" });
    expect(error.error_data).toEqual({
      details:
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    });
  });
});
