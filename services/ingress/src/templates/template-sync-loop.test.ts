import { createLogger } from "@switchboard/kit";
import { eventually } from "@switchboard/testing/eventually";
import { describe, expect, it } from "vitest";
import type { Caller } from "../tenancy/tenancy-records.ts";
import { startTemplateSyncLoop } from "./template-sync-loop.ts";

const directory = {
  listTenants: async () => [
    { tenantId: "tn_1", name: "One", kind: "bsp" as const, createdAtMs: 0 },
    { tenantId: "tn_2", name: "Two", kind: "enterprise" as const, createdAtMs: 0 },
  ],
  listBusinessAccounts: async (tenantId: string) =>
    (tenantId === "tn_1" ? ["410000000000001", "410000000000002"] : ["410000000000003"]).map((businessId) => ({
      tenantId,
      businessId,
      name: businessId,
      createdAtMs: 0,
    })),
};
const logger = createLogger({ service: "sync-loop-test", level: "silent" });

describe("the periodic import from Meta", () => {
  it("imports every business at start and again each interval; a failing business does not stop the round", async () => {
    const synced: Caller[] = [];
    const loop = startTemplateSyncLoop({
      directory,
      intervalMs: 5,
      logger,
      sync: async (scope) => {
        synced.push(scope);
        if (scope.businessId === "410000000000001") throw new Error("Meta unreachable");
        return { imported: 0, updated: 0, removed: 0, unchanged: 0 };
      },
    });
    try {
      await eventually(() => expect(synced.length).toBeGreaterThanOrEqual(6));
    } finally {
      loop.stop();
    }
    expect(synced.slice(0, 3)).toEqual([
      { tenantId: "tn_1", businessId: "410000000000001" },
      { tenantId: "tn_1", businessId: "410000000000002" },
      { tenantId: "tn_2", businessId: "410000000000003" },
    ]);
    expect(synced.slice(3, 6)).toEqual(synced.slice(0, 3));
  });

  it("does not run with an interval of 0", async () => {
    let calls = 0;
    const loop = startTemplateSyncLoop({
      directory,
      intervalMs: 0,
      logger,
      sync: async () => {
        calls += 1;
        return undefined;
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    loop.stop();
    expect(calls).toBe(0);
  });
});
