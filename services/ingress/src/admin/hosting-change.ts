// Changing a number's hosting mode: one conditional write that moves the number from the state
// the caller saw to the new one and records the change as pending on the number (its outbox),
// then the PhoneNumberHostingChanged event, then clearing the pending mark. Two concurrent changes
// from the same state cannot both win: the write is conditional on that state and on no change
// being pending. A crash or a Kafka timeout after the write leaves the change pending; it is
// published by a retry of the request or by the start-up sweep, never lost and never half-applied.
//
// A 503 means "stored, not published": the wait for Kafka is not a race against a timer (the
// raced publish would leave later, and then the retry or the sweep would publish the change a
// second time). The bus withdraws the event if it is still queued at the deadline; one already in
// flight is answered with Kafka's outcome. The retry of the same request then publishes the
// pending change once and is answered as the original would have been (changed, from the state
// before it), so the client cannot tell a retried change from one that went through first time.
import { randomUUID } from "node:crypto";
import type { EventBus } from "@switchboard/kit";
import { unknownObject } from "../graph/graph-errors.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { sameHosting } from "../tenancy/processors.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { Caller, HostingState, PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import { hostingChangeConflict } from "./admin-errors.ts";
import { hostingChangedEvent } from "./hosting-change-event.ts";

export interface HostingChangeDeps {
  admin: Pick<TenancyAdmin, "changeHosting" | "clearPendingHostingChange" | "numbersWithPendingHostingChange">;
  numbers: Pick<CallerDirectory, "phoneNumber">;
  bus: EventBus;
  publishTimeoutMs: number;
}

export interface HostingChangeRequest {
  to: HostingState;
  reason: string;
  changedBy: string;
}

/** A pending change younger than this may still be published by the request that made it. */
const inFlightMs = (deps: HostingChangeDeps) => deps.publishTimeoutMs + 5_000;

async function publishPending(deps: HostingChangeDeps, number: PhoneNumberRecord): Promise<void> {
  const pending = number.pendingHostingChange;
  if (!pending) return;
  await deps.bus.publish([hostingChangedEvent(number, pending)], { timeoutMs: deps.publishTimeoutMs });
  await deps.admin.clearPendingHostingChange(number, number.phoneNumberId, pending.changeId);
}

export async function changeHosting(
  deps: HostingChangeDeps,
  scope: Caller,
  phoneNumberId: string,
  request: HostingChangeRequest,
): Promise<{ changed: boolean; from: HostingState; number: PhoneNumberRecord }> {
  const number = await deps.numbers.phoneNumber(scope, phoneNumberId);
  if (!number) throw unknownObject(phoneNumberId);
  const { pendingHostingChange: pending, ...current } = number;
  if (pending) {
    if (Date.now() - pending.changedAtMs < inFlightMs(deps))
      throw hostingChangeConflict(phoneNumberId, number.hostingMode);
    await publishPending(deps, number);
    // The retry of the request that stored it (answered 503): the same answer it would have had.
    if (sameHosting(pending.to, request.to) && sameHosting(current, pending.to)) {
      return { changed: true, from: pending.from, number: current };
    }
  }
  const from: HostingState = { hostingMode: current.hostingMode, processors: current.processors };
  if (sameHosting(from, request.to)) return { changed: false, from, number: current };

  const change = {
    changeId: randomUUID(),
    from,
    to: request.to,
    reason: request.reason,
    changedBy: request.changedBy,
    changedAtMs: Date.now(),
  };
  if (!(await deps.admin.changeHosting(scope, phoneNumberId, change))) {
    throw hostingChangeConflict(phoneNumberId, number.hostingMode);
  }
  const changed = { ...current, ...request.to };
  await publishPending(deps, { ...changed, pendingHostingChange: change });
  return { changed: true, from, number: changed };
}

/** Start-up sweep: publishes changes a previous process stored but did not get acknowledged. */
export async function publishStalePendingHostingChanges(deps: HostingChangeDeps): Promise<number> {
  const numbers = await deps.admin.numbersWithPendingHostingChange(1_000);
  let published = 0;
  for (const number of numbers) {
    const pending = number.pendingHostingChange;
    if (!pending || Date.now() - pending.changedAtMs < inFlightMs(deps)) continue;
    await publishPending(deps, number);
    published += 1;
  }
  return published;
}
