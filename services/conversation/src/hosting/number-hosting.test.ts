import { describe, expect, it } from "vitest";
import { hostingState } from "../../test/support/hosting-factories.ts";
import type { ThreadRecord } from "../domain/records.ts";
import { currentHostingOf, type NumberHosting } from "./number-hosting.ts";

const thread = (createdAtMs: number, phoneNumberId = "pn-1"): ThreadRecord => ({
  tenantId: "t1",
  businessId: "b1",
  threadId: `th_${createdAtMs}`,
  phoneNumberId,
  customerId: "c",
  customerWaId: "c",
  hosting: hostingState("on_premises"),
  createdAtMs,
  updatedAtMs: createdAtMs,
  lastInboundAtMs: 0,
});

describe("current hosting of a listed thread", () => {
  const numbers = new Map<string, NumberHosting>([
    ["pn-1", { phoneNumberId: "pn-1", hosting: hostingState("cloud"), atMs: 5_000, changeId: "c1" }],
  ]);

  it("takes the number's change for threads that existed when it happened", () => {
    const listed = currentHostingOf(thread(1_000), numbers);
    expect(listed.hosting.hostingMode).toBe("cloud");
    expect(listed.hosting.encryptionState).toBe("provider_accessible");
  });

  it("keeps the own snapshot of later threads and of numbers without a change", () => {
    expect(currentHostingOf(thread(9_000), numbers).hosting.hostingMode).toBe("on_premises");
    expect(currentHostingOf(thread(1_000, "pn-2"), numbers).hosting.encryptionState).toBe("end_to_end");
  });
});
