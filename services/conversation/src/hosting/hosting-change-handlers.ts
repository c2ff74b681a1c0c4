// Consumes phone-number hosting changes and fans each out to the number's threads. Runs in its own
// consumer group so a long fan-out never holds up thread events. The change id is the event id,
// so a redelivered event resumes the same fan-out instead of starting a second one. One delivery
// works for at most `runBudgetMs`, then re-publishes the same event (same id, same key) and
// returns: a fan-out over millions of threads never holds the consumer past its session timeout,
// and the next delivery resumes from the saved progress. A payload
// naming another tenant than its envelope, or without a target mode, is rejected (dead-lettered).
import { assertPayloadTenant, type EventBus, EventHandlers, event, type Logger } from "@switchboard/kit";
import { isHostingMode, PhoneNumberHostingChangedEvent } from "@switchboard/proto";
import { hostingStateFrom } from "../domain/hosting-state.ts";
import { type FanOutDeps, fanOutHostingChange } from "./hosting-fan-out.ts";

export interface HostingChangeDeps extends Pick<FanOutDeps, "hosting" | "conversations"> {
  bus: Pick<EventBus, "publish">;
  logger: Logger;
  pageSize?: number;
  /** How long one delivery may fan out before handing the rest to a re-published event. */
  runBudgetMs?: number;
}

export function hostingChangeHandlers(deps: HostingChangeDeps): EventHandlers {
  return new EventHandlers().on(PhoneNumberHostingChangedEvent, async (event_) => {
    const data = event_.data;
    assertPayloadTenant(event_, data.tenantId);
    if (!data.to || data.phoneNumberId === "") throw new Error("hosting change without a number or target mode");
    // Guessing a mode here would show customers a notice that may be false.
    if (!isHostingMode(data.to.hostingMode)) throw new Error(`unknown hosting mode ${data.to.hostingMode}`);
    const scope = { tenantId: event_.tenantId, businessId: data.businessId };
    const started = Date.now();
    const budgetMs = deps.runBudgetMs ?? 10_000;
    const result = await fanOutHostingChange(
      {
        hosting: deps.hosting,
        conversations: deps.conversations,
        bus: deps.bus,
        outOfTime: () => Date.now() - started > budgetMs,
        ...(deps.pageSize ? { pageSize: deps.pageSize } : {}),
      },
      scope,
      data.phoneNumberId,
      {
        tenantId: event_.tenantId,
        changeId: event_.id,
        from: data.from ? hostingStateFrom(data.from) : undefined,
        to: hostingStateFrom(data.to),
        atMs: data.changedAtMs > 0 ? data.changedAtMs : event_.time.getTime(),
        reason: data.reason,
        changedBy: data.changedBy,
      },
    );
    if (!result.finished) {
      await deps.bus.publish([
        event(PhoneNumberHostingChangedEvent, {
          key: event_.key,
          tenantId: event_.tenantId,
          id: event_.id,
          time: event_.time,
          data,
        }),
      ]);
    }
    deps.logger.info(
      { changeId: event_.id, phoneNumberId: data.phoneNumberId, ...result, ms: Date.now() - started },
      "hosting change fanned out",
    );
  });
}
