// A hosting change when Kafka does not acknowledge in time: a change answered 503 is stored as
// pending but never published by that request later; its retry publishes it exactly once and is
// answered as the change itself. One already in flight at the deadline waits for Kafka's answer.
import { PhoneNumberHostingChangedEvent } from "@switchboard/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHeldAckEventBus, type HeldAckEventBus } from "../../test/support/held-ack-event-bus.ts";
import { HOSTED_NUMBER } from "../../test/support/upstream-fixtures.ts";
import { hostingStateOf, sameHosting } from "../tenancy/processors.ts";
import type { PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import { changeHosting, type HostingChangeDeps } from "./hosting-change.ts";
import { hostingChangedEvent } from "./hosting-change-event.ts";

const DEADLINE_MS = 20;
const pastDeadline = () => new Promise((resolve) => setTimeout(resolve, 10 * DEADLINE_MS));
const CALLER = { tenantId: HOSTED_NUMBER.tenantId, businessId: HOSTED_NUMBER.businessId };
const TO_CLOUD = { to: hostingStateOf("cloud", undefined), reason: "move to cloud", changedBy: "ops" };

/** The tenancy store's conditional hosting write and its outbox mark, over one map. */
function numberStore(...records: PhoneNumberRecord[]) {
  const numbers = new Map(records.map((n) => [n.phoneNumberId, n]));
  const admin: HostingChangeDeps["admin"] = {
    async changeHosting(_scope, phoneNumberId, change) {
      const number = numbers.get(phoneNumberId);
      if (!number || number.pendingHostingChange || !sameHosting(number, change.from)) return false;
      numbers.set(phoneNumberId, { ...number, ...change.to, pendingHostingChange: change });
      return true;
    },
    async clearPendingHostingChange(_scope, phoneNumberId, changeId) {
      const number = numbers.get(phoneNumberId);
      if (number?.pendingHostingChange?.changeId !== changeId) return;
      const { pendingHostingChange: _, ...rest } = number;
      numbers.set(phoneNumberId, { ...rest, lastHostingChangeId: changeId });
    },
    async numbersWithPendingHostingChange() {
      return [...numbers.values()].filter((n) => n.pendingHostingChange);
    },
  };
  return {
    admin,
    numbers: { phoneNumber: async (_caller: unknown, id: string) => numbers.get(id) },
    get: numbers.get.bind(numbers),
  };
}

function deps(bus: HeldAckEventBus, store: ReturnType<typeof numberStore>): HostingChangeDeps {
  return { admin: store.admin, numbers: store.numbers, bus, publishTimeoutMs: DEADLINE_MS };
}

const hostingEventsOf = (bus: HeldAckEventBus, phoneNumberId: string) =>
  bus.inner.records.filter((r) => r.topic === PhoneNumberHostingChangedEvent.topic && r.key === phoneNumberId);

afterEach(() => {
  vi.useRealTimers();
});

describe("changeHosting when Kafka does not acknowledge in time", () => {
  it("withdraws a change still queued at its deadline: 503, never published by it, its retry publishes once", async () => {
    const bus = createHeldAckEventBus();
    const store = numberStore(HOSTED_NUMBER);
    const other = { ...HOSTED_NUMBER, phoneNumberId: "100000000000009" };
    const pending = { changeId: "chg-ahead", from: other, to: other, reason: "r", changedBy: "c", changedAtMs: 1 };
    // Another publish holds the producer, so the change's event waits queued behind it.
    const ahead = bus.publish([hostingChangedEvent(other, pending)]);

    await expect(changeHosting(deps(bus, store), CALLER, HOSTED_NUMBER.phoneNumberId, TO_CLOUD)).rejects.toMatchObject({
      code: "unavailable",
    });
    const stored = store.get(HOSTED_NUMBER.phoneNumberId)?.pendingHostingChange;
    expect(stored?.to.hostingMode).toBe("cloud");
    await bus.heal();
    await ahead;
    expect(hostingEventsOf(bus, HOSTED_NUMBER.phoneNumberId)).toHaveLength(0);

    // The client retries once the change is no longer possibly in flight elsewhere.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 60_000);
    const retried = await changeHosting(deps(bus, store), CALLER, HOSTED_NUMBER.phoneNumberId, TO_CLOUD);
    expect(retried.changed).toBe(true);
    expect(retried.from.hostingMode).toBe(HOSTED_NUMBER.hostingMode);
    expect(hostingEventsOf(bus, HOSTED_NUMBER.phoneNumberId).map((r) => r.headers.ce_id)).toEqual([stored?.changeId]);
    expect(store.get(HOSTED_NUMBER.phoneNumberId)?.pendingHostingChange).toBeUndefined();

    const again = await changeHosting(deps(bus, store), CALLER, HOSTED_NUMBER.phoneNumberId, TO_CLOUD);
    expect(again.changed).toBe(false);
    expect(hostingEventsOf(bus, HOSTED_NUMBER.phoneNumberId)).toHaveLength(1);
  });

  it("answers a change already in flight at its deadline with Kafka's acknowledgement", async () => {
    const bus = createHeldAckEventBus();
    const store = numberStore(HOSTED_NUMBER);
    let settled = false;
    const change = changeHosting(deps(bus, store), CALLER, HOSTED_NUMBER.phoneNumberId, TO_CLOUD).finally(() => {
      settled = true;
    });
    await pastDeadline();
    expect(bus.inFlight()).toBe(true);
    expect(settled).toBe(false);

    await bus.acknowledge();
    expect((await change).changed).toBe(true);
    expect(hostingEventsOf(bus, HOSTED_NUMBER.phoneNumberId)).toHaveLength(1);
    expect(store.get(HOSTED_NUMBER.phoneNumberId)?.pendingHostingChange).toBeUndefined();
  });
});
