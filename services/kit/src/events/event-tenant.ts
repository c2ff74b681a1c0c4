// The tenant check on consumed events, one copy for every consumer. The envelope's tenant is
// authoritative: ingress set it after authenticating the publisher's caller, while a payload's
// tenant is only what the publisher wrote. An event naming no owner, or another tenant than its
// envelope, can never be handled, so the check fails with PermanentEventError (dead-lettered at
// once). It must never fall back to the payload's tenant. A consumer that owes such an event
// nothing (a relay) may use `checkThreadScope` and skip it instead.
import type { TenantScope } from "../grpc/tenant-scope.ts";
import { PermanentEventError } from "./permanent-event-error.ts";
import type { ReceivedEvent } from "./received-event.ts";

/** Who a payload says it belongs to: a thread ref, or an entity's tenant and business. */
export interface PayloadOwner {
  readonly tenantId: string;
  readonly businessId: string;
}

export interface ThreadScopeOptions {
  /** Also refuse a thread without a business account (consumers that act per business). */
  requireBusiness?: boolean;
}

/** A thread event's tenant scope (tenant from the envelope) and its thread. */
export interface ThreadScope<T extends PayloadOwner> {
  scope: TenantScope;
  thread: T;
}

export type ThreadScopeCheck<T extends PayloadOwner> =
  | ({ ok: true } & ThreadScope<T>)
  | { ok: false; error: PermanentEventError };

type Envelope = Pick<ReceivedEvent<unknown>, "tenantId">;

const OTHER_TENANT = "payload tenant differs from envelope tenant";

/** Throws PermanentEventError unless the payload names the envelope's tenant. */
export function assertPayloadTenant(event: Envelope, payloadTenantId: string): void {
  if (payloadTenantId !== event.tenantId) throw new PermanentEventError(OTHER_TENANT);
}

/** The check without throwing, for consumers that skip what fails it. */
export function checkThreadScope<T extends PayloadOwner>(
  event: Envelope,
  thread: T | undefined,
  options: ThreadScopeOptions = {},
): ThreadScopeCheck<T> {
  const refuse = (reason: string) => ({ ok: false, error: new PermanentEventError(reason) }) as const;
  if (!thread) return refuse("thread event without a thread");
  if (thread.tenantId !== event.tenantId) return refuse(OTHER_TENANT);
  if (options.requireBusiness && thread.businessId === "") return refuse("thread event without a business");
  return { ok: true, scope: { tenantId: event.tenantId, businessId: thread.businessId }, thread };
}

/** The scope and thread of a thread event; throws PermanentEventError when the check fails. */
export function threadScope<T extends PayloadOwner>(
  event: Envelope,
  thread: T | undefined,
  options: ThreadScopeOptions = {},
): ThreadScope<T> {
  const checked = checkThreadScope(event, thread, options);
  if (!checked.ok) throw checked.error;
  return { scope: checked.scope, thread: checked.thread };
}
