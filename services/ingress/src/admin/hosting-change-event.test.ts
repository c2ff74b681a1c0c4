import { PhoneNumberHostingChangedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { hostingChangedEvent } from "./hosting-change-event.ts";

const number = { tenantId: "tn_1", businessId: "200", phoneNumberId: "300" };
const change = {
  changeId: "7b0c2f0e-1b7a-4a57-9a56-0d8c2f9e6a11",
  from: { hostingMode: "cloud" as const, processors: ["business", "meta"] },
  to: { hostingMode: "on_premises" as const, processors: ["business"] },
  reason: "moving on-premises",
  changedBy: "ops@example.com",
  changedAtMs: 1_700_000_000_000,
};

describe("hostingChangedEvent", () => {
  it("is keyed by phone number, carries the change id as event id and both snapshots", () => {
    const built = hostingChangedEvent(number, change);
    expect(built.definition).toBe(PhoneNumberHostingChangedEvent);
    expect(built.key).toBe("300");
    expect(built.tenantId).toBe("tn_1");
    expect(built.id).toBe(change.changeId);
    expect(built.time?.getTime()).toBe(change.changedAtMs);
    expect(built.data).toEqual({
      tenantId: "tn_1",
      businessId: "200",
      phoneNumberId: "300",
      from: { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] },
      to: { hostingMode: "on_premises", encryptionState: "end_to_end", processors: ["business"] },
      reason: "moving on-premises",
      changedBy: "ops@example.com",
      changedAtMs: 1_700_000_000_000,
    });
  });

  it("encodes and decodes with the event's protobuf codec unchanged", () => {
    const built = hostingChangedEvent(number, {
      ...change,
      from: change.to,
      to: { hostingMode: "bsp", processors: ["business", "meta", "bsp:acme"] },
    });
    const codec = PhoneNumberHostingChangedEvent.codec;
    const decoded = codec.decode(codec.encode(built.data as never).finish());
    expect(decoded.to?.encryptionState).toBe("provider_accessible");
    expect(decoded.to?.processors).toEqual(["business", "meta", "bsp:acme"]);
    expect(decoded.from?.encryptionState).toBe("end_to_end");
  });
});
