import { describe, expect, it } from "vitest";
import { hostingNoticeFor, noticeMessageIdOf } from "./hosting-notice.ts";
import { hostingNoticeText } from "./hosting-notice-text.ts";
import { change, seeded, stateOf } from "./hosting-test-fixtures.ts";

describe("hosting notice", () => {
  it("uses the text WhatsApp shows for each mode, end-to-end only on-premises", () => {
    expect(hostingNoticeText("on_premises")).toMatch(/^Messages and calls are end-to-end encrypted\./);
    expect(hostingNoticeText("cloud")).toBe("This business uses a secure service from Meta to manage this chat.");
    expect(hostingNoticeText("bsp")).toBe("This business works with other companies to manage this chat.");
  });

  it("has an id derived from change and thread only", () => {
    const a = hostingNoticeFor(change(), seeded("t1", 1));
    expect(a).toEqual(hostingNoticeFor(change(), seeded("t1", 1)));
    expect(a.message.messageId).toBe(noticeMessageIdOf("chg-1", seeded("t1", 1).threadId));
    expect(a.message.messageId).not.toBe(hostingNoticeFor(change(), seeded("t1", 2)).message.messageId);
    expect(a.message.messageId).not.toBe(
      hostingNoticeFor(change({ changeId: "chg-2" }), seeded("t1", 1)).message.messageId,
    );
    expect(a.message).toMatchObject({ direction: "system", hosting: stateOf("bsp"), createdAtMs: 5_000 });
  });
});
