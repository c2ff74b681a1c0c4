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
  /** The same hooks with each tenant's policy read once: for one consumed batch, then dropped. */
  forBatch(): PrivacyHooks;
}

export function privacyHooks(privacy: PrivacyStore): PrivacyHooks {
  return hooksOver(privacy, (scope) => privacy.getPolicy(scope));
}

function hooksOver(privacy: PrivacyStore, policyOf: PrivacyStore["getPolicy"]): PrivacyHooks {
  return {
    forBatch() {
      const policies = new Map<string, ReturnType<PrivacyStore["getPolicy"]>>();
      return hooksOver(privacy, (scope) => {
        let policy = policies.get(scope.tenantId);
        if (!policy) {
          policy = privacy.getPolicy(scope);
          policies.set(scope.tenantId, policy);
        }
        return policy;
      });
    },
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
      const { marketingTemplates } = await policyOf(scope);
      if (!isMarketingSend(send.type, send.bodyJson, marketingTemplates)) return undefined;
      const preference = await privacy.getMarketing(scope, threadId);
      return preference?.optedOut ? marketingOptOutErrorsJson() : undefined;
    },
  };
}
