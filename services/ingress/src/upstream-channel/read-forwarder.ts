// Forwards a business's mark-read (and typing indicator) to the upstream: the other half of the
// upstream sender, in its consumer group. Once per event: the forward is recorded by event id
// after the upstream took it, so a redelivered event makes no second call (the window left is the
// sender's own — a crash between the upstream's answer and the record calls again, which Meta
// takes as the same read). Never silent: a refusal is parked on the dead-letter topic at once, a
// throttled or unreachable upstream is retried by the kit and then parked.
import { assertPayloadTenant, type Logger, PermanentEventError, type ReceivedEvent } from "@switchboard/kit";
import type { MessageReadByBusiness } from "@switchboard/proto/gen/switchboard/events/v1/read_receipts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { isTransientFailure } from "./graph-post.ts";
import type { UpstreamChannel } from "./upstream-channel.ts";

export interface ReadForwarderDeps {
  channel: UpstreamChannel;
  logger: Logger;
  messageIds: UpstreamMessageIds;
}

export async function forwardRead(deps: ReadForwarderDeps, event: ReceivedEvent<MessageReadByBusiness>): Promise<void> {
  const { data } = event;
  assertPayloadTenant(event, data.tenantId);
  const actionId = `read:${event.id}`;
  if (await deps.messageIds.wasForwarded(event.tenantId, actionId)) return;
  const result = await deps.channel.markRead({
    tenantId: event.tenantId,
    businessId: data.businessId,
    phoneNumberId: data.phoneNumberId,
    messageId: data.messageId,
    typingIndicator: data.typingIndicator,
  });
  if (!result.ok) {
    const { code, httpStatus } = result.failure;
    deps.logger.warn({ messageId: data.messageId, code, httpStatus }, "upstream did not take a mark-read");
    const reason = `upstream answered ${httpStatus} with code ${code}: ${result.failure.message}`;
    if (isTransientFailure(result.failure)) throw new Error(reason);
    throw new PermanentEventError(reason);
  }
  await deps.messageIds.rememberForwarded(event.tenantId, actionId);
}
