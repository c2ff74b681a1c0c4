import { describe, expect, it } from "vitest";
import { hostingChange, hostingState } from "../../test/support/hosting-factories.ts";
import { threadRecord } from "../../test/support/record-factories.ts";
import { hostingNoticeFor, noticeMessageIdOf } from "./hosting-notice.ts";
import { hostingNoticeText } from "./hosting-notice-text.ts";

describe("hosting notice", () => {
  it("uses the text WhatsApp shows for each mode, end-to-end only on-premises", () => {
    expect(hostingNoticeText("on_premises")).toMatch(/^Messages and calls are end-to-end encrypted\./);
    expect(hostingNoticeText("cloud")).toBe("This business uses a secure service from Meta to manage this chat.");
    expect(hostingNoticeText("bsp")).toBe("This business works with other companies to manage this chat.");
  });

  it("has an id derived from change and thread only", () => {
    const a = hostingNoticeFor(hostingChange(), threadRecord("t1", 1));
    expect(a).toEqual(hostingNoticeFor(hostingChange(), threadRecord("t1", 1)));
    expect(a.message.messageId).toBe(noticeMessageIdOf("chg-1", threadRecord("t1", 1).threadId));
    expect(a.message.messageId).not.toBe(hostingNoticeFor(hostingChange(), threadRecord("t1", 2)).message.messageId);
    expect(a.message.messageId).not.toBe(
      hostingNoticeFor(hostingChange({ changeId: "chg-2" }), threadRecord("t1", 1)).message.messageId,
    );
    expect(a.message).toMatchObject({ direction: "system", hosting: hostingState("bsp"), createdAtMs: 5_000 });
  });
});
