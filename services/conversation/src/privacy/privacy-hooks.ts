// The privacy checks thread events go through: an inbound STOP opts the customer out (at the
// message's time, so a later opt-in through the API still wins), and an accepted marketing
// template to an opted-out customer is blocked with Meta's 131050 before it is made ready to send.
// Non-marketing templates and free-form messages always pass.
import type { TenantScope } from "@switchboard/kit";
import { isMarketingSend, marketingOptOutErrorsJson } from "./marketing-decision.ts";
import type { PrivacyStore } from "./privacy-store.ts";
import { isStopKeyword } from "./stop-keyword.ts";

export interface PrivacyHooks {
  inboundStored(
    scope: TenantScope,
    threadId: string,
    message: { type: string; messageJson: string; receivedAtMs: number },
  ): Promise<void>;
  /** Meta's errors array (JSON) when the send must fail; undefined when it may go. */
  outboundBlock(
    scope: TenantScope,
    threadId: string,
    send: { type: string; bodyJson: string },
  ): Promise<string | undefined>;
}

export function privacyHooks(privacy: PrivacyStore): PrivacyHooks {
  return {
    async inboundStored(scope, threadId, message) {
      if (!isStopKeyword(message.type, message.messageJson)) return;
      await privacy.setMarketing(scope, {
        businessId: scope.businessId,
        threadId,
        optedOut: true,
        changedAtMs: message.receivedAtMs,
        source: "keyword",
      });
    },
    async outboundBlock(scope, threadId, send) {
      if (send.type !== "template") return undefined;
      const { marketingTemplates } = await privacy.getPolicy(scope);
      if (!isMarketingSend(send.type, send.bodyJson, marketingTemplates)) return undefined;
      const preference = await privacy.getMarketing(scope, threadId);
      return preference?.optedOut ? marketingOptOutErrorsJson() : undefined;
    },
  };
}
