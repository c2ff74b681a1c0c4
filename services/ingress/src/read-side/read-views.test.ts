import { describe, expect, it } from "vitest";
import { aMessage, anEntry, aThread, BSP, CLOUD, ON_PREMISES, threadIdFor } from "../../test/support/read-fixtures.ts";
import { hostingLabel } from "./hosting-label.ts";
import { auditView, messageView } from "./message-views.ts";
import { threadDetailView, threadView } from "./thread-views.ts";

const THREAD = threadIdFor(1);

describe("read views", () => {
  it("labels each hosting mode with the text the customer is shown", () => {
    expect(hostingLabel(ON_PREMISES)).toEqual({
      hosting_mode: "on_premises",
      encryption_state: "end_to_end",
      processors: ["business"],
      label:
        "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
    });
    expect(hostingLabel(CLOUD)?.label).toBe("This business uses a secure service from Meta to manage this chat.");
    expect(hostingLabel(BSP)).toMatchObject({
      encryption_state: "provider_accessible",
      processors: ["business", "meta", "bsp:acme"],
      label: "This business works with other companies to manage this chat.",
    });
    expect(hostingLabel(undefined)).toBeNull();
  });

  it("never labels a chat end-to-end unless the business hosts it", () => {
    const lying = { hostingMode: "cloud", encryptionState: "end_to_end", processors: ["business", "meta"] };
    expect(hostingLabel(lying)?.encryption_state).toBe("provider_accessible");
    const unknown = hostingLabel({ hostingMode: "quantum", encryptionState: "end_to_end", processors: [] });
    expect(unknown).toMatchObject({ hosting_mode: "unknown", encryption_state: "provider_accessible" });
    expect(unknown?.label).not.toContain("end-to-end");
  });

  it("maps a thread with its window and unix-second times", () => {
    const view = threadView(aThread({ threadId: THREAD, phoneNumberId: "100" }));
    expect(view).toEqual({
      id: THREAD,
      phone_number_id: "100",
      customer: { id: "15550001111", wa_id: "15550001111" },
      hosting: hostingLabel(CLOUD),
      window: { open: true, expires_at: "1700086800" },
      created_at: "1700000000",
      updated_at: "1700000500",
      last_inbound_at: "1700000400",
    });
    const neverWrote = threadView(
      aThread({ threadId: THREAD, phoneNumberId: "100", lastInboundAtMs: 0, windowOpen: false, windowExpiresAtMs: 0 }),
    );
    expect(neverWrote.window).toEqual({ open: false, expires_at: null });
    expect(neverWrote.last_inbound_at).toBeNull();
  });

  it("includes the hosting history, oldest first, on one thread", () => {
    const history = [
      anEntry({ changeId: "initial", atMs: 1_000_000, to: ON_PREMISES }),
      anEntry({ changeId: "chg-1", atMs: 2_000_000, from: ON_PREMISES, to: CLOUD, changedBy: "ops@a" }),
    ];
    const view = threadDetailView(aThread({ threadId: THREAD, phoneNumberId: "100" }), history);
    expect(view.hosting_history.map((h) => [h.change_id, h.from?.hosting_mode ?? null, h.to?.hosting_mode])).toEqual([
      ["initial", null, "on_premises"],
      ["chg-1", "on_premises", "cloud"],
    ]);
    expect(view.hosting_history[1]).toMatchObject({ at: "2000", reason: "migrated", changed_by: "ops@a" });
  });

  it("maps messages with the parsed body, status and the hosting they were processed under", () => {
    const outbound = messageView(
      aMessage({ messageId: "wamid.o", threadId: THREAD, direction: "outbound", status: "read", hosting: BSP }),
    );
    expect(outbound).toMatchObject({
      id: "wamid.o",
      direction: "outbound",
      status: "read",
      content: { text: { body: "hi" } },
      hosting: { hosting_mode: "bsp", processors: ["business", "meta", "bsp:acme"] },
    });
    expect(messageView(aMessage({ messageId: "wamid.i", threadId: THREAD })).status).toBeNull();
    expect(messageView(aMessage({ messageId: "wamid.b", threadId: THREAD, bodyJson: "{broken" })).content).toBeNull();
  });

  it("answers who could read a message in its audit view", () => {
    const view = auditView({
      messageId: "wamid.x",
      threadId: THREAD,
      direction: "inbound",
      messageAtMs: 1_500_000,
      hosting: CLOUD,
      inForce: anEntry({ changeId: "initial", atMs: 1_000_000 }),
      nextChange: undefined,
    });
    expect(view).toMatchObject({
      id: "wamid.x",
      timestamp: "1500",
      readable_by: ["business", "meta"],
      in_force: { change_id: "initial" },
      next_change: null,
    });
  });
});
