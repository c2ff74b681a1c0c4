import type { AppError } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";
import { auditTrailOf } from "./audit-trail.ts";
import { hostingNoticeFor } from "./hosting-notice.ts";
import { change, seeded, stateOf } from "./hosting-test-fixtures.ts";
import { createInMemoryHostingStore } from "./in-memory-hosting-store.ts";

const scope = { tenantId: "t1", businessId: "biz-1" };
const message = (id: string, atMs: number, mode: "cloud" | "bsp"): MessageRecord => ({
  tenantId: "t1",
  threadId: "th_000001",
  messageId: id,
  direction: "inbound",
  type: "text",
  status: "",
  bodyJson: "{}",
  createdAtMs: atMs,
  hosting: stateOf(mode),
});

async function setup() {
  const hosting = createInMemoryHostingStore();
  const thread = seeded("t1", 1);
  await hosting.storeHistory(scope, [
    hostingNoticeFor(change({ changeId: "initial", from: undefined, to: stateOf("cloud"), atMs: 1_000 }), thread).entry,
    hostingNoticeFor(change({ atMs: 5_000 }), thread).entry,
  ]);
  const messages = [message("wamid.before", 2_000, "cloud"), message("wamid.after", 6_000, "bsp")];
  const conversations = {
    getMessage: async (s: typeof scope, id: string) =>
      messages.find((m) => m.tenantId === s.tenantId && m.messageId === id),
    getThread: async (s: typeof scope, id: string) =>
      s.tenantId === "t1" && (s.businessId === "" || s.businessId === "biz-1") && id === thread.threadId
        ? ({ threadId: id } as ThreadRecord)
        : undefined,
  };
  return { hosting, conversations };
}

describe("audit trail", () => {
  it("names who could read a message before and after a hosting change", async () => {
    const deps = await setup();
    const before = await auditTrailOf(deps, scope, "wamid.before");
    expect(before.hosting?.processors).toEqual(["business", "meta"]);
    expect(before.inForce?.changeId).toBe("initial");
    expect(before.nextChange?.changeId).toBe("chg-1");
    const after = await auditTrailOf(deps, scope, "wamid.after");
    expect(after.hosting?.processors).toEqual(["business", "meta", "bsp"]);
    expect(after.hosting?.encryptionState).toBe("provider_accessible");
    expect(after.inForce?.changeId).toBe("chg-1");
    expect(after.nextChange).toBeUndefined();
  });

  it("is NOT_FOUND for another tenant or business, and refuses an empty id", async () => {
    const deps = await setup();
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: AppError) => e.code,
      );
    expect(await code(auditTrailOf(deps, { tenantId: "t2", businessId: "" }, "wamid.before"))).toBe("not_found");
    expect(await code(auditTrailOf(deps, { tenantId: "t1", businessId: "biz-2" }, "wamid.before"))).toBe("not_found");
    expect(await code(auditTrailOf(deps, scope, ""))).toBe("invalid_argument");
  });
});
