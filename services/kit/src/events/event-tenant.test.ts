import { describe, expect, it } from "vitest";
import { testThread as thread } from "../../test/support/event-fixtures.ts";
import { assertPayloadTenant, checkThreadScope, threadScope } from "./event-tenant.ts";
import { PermanentEventError } from "./permanent-event-error.ts";

const envelope = { tenantId: "t1" };

describe("event tenant check", () => {
  it("takes the tenant from the envelope and the business from the matching thread", () => {
    expect(threadScope(envelope, thread)).toEqual({ scope: { tenantId: "t1", businessId: "b1" }, thread });
    expect(threadScope(envelope, { ...thread, businessId: "" }).scope).toEqual({ tenantId: "t1", businessId: "" });
  });

  it("refuses, permanently, an event without a thread or naming another tenant", () => {
    expect(() => threadScope(envelope, undefined)).toThrow(new PermanentEventError("thread event without a thread"));
    expect(() => threadScope({ tenantId: "t2" }, thread)).toThrow(
      new PermanentEventError("payload tenant differs from envelope tenant"),
    );
    expect(() => threadScope(envelope, undefined)).toThrow(PermanentEventError);
  });

  it("refuses a thread without a business only when asked to", () => {
    const noBusiness = { ...thread, businessId: "" };
    expect(() => threadScope(envelope, noBusiness, { requireBusiness: true })).toThrow(
      new PermanentEventError("thread event without a business"),
    );
    expect(threadScope(envelope, thread, { requireBusiness: true }).scope.businessId).toBe("b1");
  });

  it("reports instead of throwing for consumers that skip such events", () => {
    expect(checkThreadScope(envelope, thread)).toEqual({
      ok: true,
      scope: { tenantId: "t1", businessId: "b1" },
      thread,
    });
    const refused = checkThreadScope({ tenantId: "t2" }, thread);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? undefined : refused.error).toBeInstanceOf(PermanentEventError);
  });

  it("checks a payload that names its tenant directly", () => {
    expect(() => assertPayloadTenant(envelope, "t1")).not.toThrow();
    expect(() => assertPayloadTenant(envelope, "t2")).toThrow(PermanentEventError);
  });
});
