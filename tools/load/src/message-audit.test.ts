import { describe, expect, it } from "vitest";
import { type AcceptedMessage, acceptedTimeline, auditMessages } from "./message-audit.ts";

const accepted: AcceptedMessage[] = [
  { messageId: "wamid.BENCHx1", direction: "inbound", acceptedAtMs: 10, step: 0 },
  { messageId: "wamid.out1", direction: "outbound", acceptedAtMs: 20, step: 0 },
  { messageId: "wamid.out2", direction: "outbound", acceptedAtMs: 30, step: 1 },
];
const stored = (ids: [string, string][]) =>
  ids.map(([messageId, direction]) => ({ messageId, direction, createdAtMs: 15 }));

describe("message audit", () => {
  it("passes when every accepted message is stored and counted once", () => {
    const audit = auditMessages({
      accepted,
      stored: stored([
        ["wamid.BENCHx1", "inbound"],
        ["wamid.out1", "outbound"],
        ["wamid.out2", "outbound"],
        ["notice-1", "system"],
        ["wamid.SIMreply", "inbound"],
      ]),
      counted: [
        { messageId: "wamid.BENCHx1", direction: "inbound" },
        { messageId: "wamid.out1", direction: "outbound" },
        { messageId: "wamid.out2", direction: "outbound" },
        { messageId: "wamid.SIMreply", direction: "inbound" },
      ],
      rollupTotal: 4,
      threads: 1,
      benchInboundPrefix: "wamid.BENCHx",
    });
    expect(audit).toMatchObject({ lossFree: true, storedSystem: 1, storedReplies: 1, storedUnexpected: 0 });
    expect(audit).toMatchObject({ benchInbound: 1, benchOutbound: 2 });
  });

  it("finds a message not stored, one counted twice, and rollups that disagree", () => {
    const audit = auditMessages({
      accepted,
      stored: stored([
        ["wamid.BENCHx1", "inbound"],
        ["wamid.out1", "outbound"],
      ]),
      counted: [
        { messageId: "wamid.BENCHx1", direction: "inbound" },
        { messageId: "wamid.BENCHx1", direction: "inbound" },
        { messageId: "wamid.out1", direction: "outbound" },
        { messageId: "wamid.out2", direction: "outbound" },
      ],
      rollupTotal: 3,
      threads: 1,
      benchInboundPrefix: "wamid.BENCHx",
    });
    expect(audit).toMatchObject({ lossFree: false, notStored: 1, countedTwice: 1, notCounted: 0 });
    expect(audit.missingExamples.join()).toContain("wamid.out2");
    expect(audit.failures).toEqual([
      "1 accepted messages not stored",
      "1 messages counted more than once",
      "analytics rollups add up to 3 but it counted 4 messages",
    ]);
  });

  it("puts bench messages and replies on one timeline, without system notices", () => {
    const timeline = acceptedTimeline(
      accepted,
      stored([
        ["wamid.out1", "outbound"],
        ["notice-1", "system"],
        ["wamid.SIMreply", "inbound"],
      ]),
    );
    expect(timeline).toEqual([
      { atMs: 10, step: 0 },
      { atMs: 15, step: undefined },
      { atMs: 20, step: 0 },
      { atMs: 30, step: 1 },
    ]);
  });
});
