import type { AppError } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { hostingChange, hostingState } from "../../test/support/hosting-factories.ts";
import { createInMemoryConversationStore } from "../../test/support/in-memory-conversation-store.ts";
import { createInMemoryHostingStore } from "../../test/support/in-memory-hosting-store.ts";
import { messageRecord, seedMessages, seedThreads, threadRecord } from "../../test/support/record-factories.ts";
import { auditTrailOf } from "./audit-trail.ts";
import { hostingNoticeFor } from "./hosting-notice.ts";

const scope = { tenantId: "t1", businessId: "biz-1" };
const message = (id: string, atMs: number, mode: "cloud" | "bsp") =>
  messageRecord("t1", "th_000001", id, { createdAtMs: atMs, hosting: hostingState(mode) });

async function setup() {
  const hosting = createInMemoryHostingStore();
  const conversations = createInMemoryConversationStore();
  const thread = threadRecord("t1", 1);
  await hosting.storeHistory(scope, [
    hostingNoticeFor(
      hostingChange({ changeId: "initial", from: undefined, to: hostingState("cloud"), atMs: 1_000 }),
      thread,
    ).entry,
    hostingNoticeFor(hostingChange({ atMs: 5_000 }), thread).entry,
  ]);
  await seedThreads(conversations, [thread]);
  await seedMessages(conversations, [message("wamid.before", 2_000, "cloud"), message("wamid.after", 6_000, "bsp")]);
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
