// gRPC adapter of the CustomerPrivacy port: calls the conversation service with the caller's
// tenant and business in metadata and a deadline, and turns its status codes into Graph errors
// (the read side's mapping: not found and permission denied are both "unknown object").
import { callUnary } from "@switchboard/kit";
import type { ConversationServiceClient } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { withGraphErrors } from "../read-side/reader-errors.ts";
import type { CustomerPrivacy } from "./customer-privacy.ts";

const SERVICE = "switchboard.conversation.v1.ConversationService";
const NONE = { optedOut: false, changedAtMs: 0, source: "" };

/** Over the process's one client of the conversation service (remote-services.ts); never closes it. */
export function createGrpcCustomerPrivacy(
  client: ConversationServiceClient,
  options: { timeoutMs?: number } = {},
): CustomerPrivacy {
  const timeoutMs = options.timeoutMs ?? 5_000;

  return {
    setMarketingOptOut: (scope, target, optedOut) =>
      withGraphErrors(target.customerId, async () => {
        const response = optedOut
          ? await callUnary(`${SERVICE}/OptOutCustomer`, client.optOutCustomer.bind(client), target, {
              scope,
              timeoutMs,
            })
          : await callUnary(`${SERVICE}/OptInCustomer`, client.optInCustomer.bind(client), target, {
              scope,
              timeoutMs,
            });
        return response.marketing ?? NONE;
      }),
    exportData: (scope, target, page) =>
      withGraphErrors(target.customerId, () =>
        callUnary(
          `${SERVICE}/ExportCustomerData`,
          client.exportCustomerData.bind(client),
          { ...target, pageSize: page.limit, cursor: page.after },
          { scope, timeoutMs },
        ),
      ),
    erase: (scope, target, requestedBy) =>
      withGraphErrors(target.customerId, async () => {
        // Erasure deletes in batches; a large customer may take longer than a read.
        const response = await callUnary(
          `${SERVICE}/EraseCustomer`,
          client.eraseCustomer.bind(client),
          { ...target, requestedBy },
          { scope, timeoutMs: timeoutMs * 6 },
        );
        if (!response.tombstone) throw new Error("erasure returned no tombstone");
        return response.tombstone;
      }),
  };
}
