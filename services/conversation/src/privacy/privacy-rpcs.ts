// The privacy part of the ConversationService gRPC surface: opt-out / opt-in, export, erasure and
// the tenant's policy. Every call is scoped to the caller's tenant (and business): a customer is
// addressed by (phone number, customer id) and resolved to a thread id derived with the caller's
// tenant, so another tenant's customer is simply not found — never data.
import { AppError, type Logger, type TenantScope, unaryHandler } from "@switchboard/kit";
import type { ConversationServiceServer } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { threadIdOf } from "../domain/thread-id.ts";
import { toMessage, toThread } from "../grpc/record-views.ts";
import type { HostingRpcs } from "../hosting/hosting-rpcs.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { type ErasureDeps, eraseCustomer } from "./erase-customer.ts";
import type { PrivacyStore } from "./privacy-store.ts";
import { toPreference, toTombstone } from "./privacy-views.ts";

export const EXPORT_PAGE_MAX = 500;
const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
const MAX_RETENTION_DAYS = 36_500;

export type PrivacyRpcs = Pick<
  ConversationServiceServer,
  | "optOutCustomer"
  | "optInCustomer"
  | "exportCustomerData"
  | "eraseCustomer"
  | "setRetentionPolicy"
  | "setMarketingTemplates"
>;

export interface PrivacyRpcDeps extends ErasureDeps {
  conversations: ConversationStore;
  privacy: PrivacyStore;
  hosting: Pick<HostingRpcs, "threadHosting">;
}

function customerOf(request: { phoneNumberId: string; customerId: string }) {
  if (!/^[0-9]{1,32}$/.test(request.phoneNumberId)) throw new AppError("invalid_argument", "invalid phone_number_id");
  if (!/^[A-Za-z0-9_.:+-]{1,128}$/.test(request.customerId))
    throw new AppError("invalid_argument", "invalid customer_id");
  return request;
}

export function privacyRpcs(deps: PrivacyRpcDeps, logger: Logger): PrivacyRpcs {
  const { conversations, privacy, clock } = deps;
  const threadOf = (scope: TenantScope, request: { phoneNumberId: string; customerId: string }) => {
    const { phoneNumberId, customerId } = customerOf(request);
    return conversations.resolveThreadId(scope, threadIdOf(scope.tenantId, phoneNumberId, customerId));
  };
  const setPreference = async (
    scope: TenantScope,
    request: { phoneNumberId: string; customerId: string },
    optedOut: boolean,
  ) => {
    const threadId = await threadOf(scope, request);
    const stored = await privacy.setMarketing(scope, {
      businessId: scope.businessId,
      threadId,
      optedOut,
      changedAtMs: clock(),
      source: "api",
    });
    return { marketing: toPreference(stored) };
  };

  return {
    optOutCustomer: unaryHandler(logger, (request, scope) => setPreference(scope, request, true)),
    optInCustomer: unaryHandler(logger, (request, scope) => setPreference(scope, request, false)),
    exportCustomerData: unaryHandler(logger, async (request, scope) => {
      const threadId = await threadOf(scope, request);
      if (request.pageSize < 0 || request.pageSize > EXPORT_PAGE_MAX) {
        throw new AppError("invalid_argument", `page_size must be from 1 to ${EXPORT_PAGE_MAX}`);
      }
      const [thread, marketing, tombstone] = await Promise.all([
        conversations.getThread(scope, threadId),
        privacy.getMarketing(scope, threadId),
        privacy.getTombstone(scope, threadId),
      ]);
      const own = (businessId: string | undefined) =>
        businessId !== undefined && (scope.businessId === "" || businessId === scope.businessId);
      const ownMarketing = own(marketing?.businessId) ? marketing : undefined;
      const ownTombstone = own(tombstone?.businessId) ? tombstone : undefined;
      if (!thread && !ownMarketing && !ownTombstone) throw new AppError("not_found", "customer not found");
      const page = thread
        ? await conversations.listMessages(scope, {
            threadId,
            limit: request.pageSize === 0 ? EXPORT_PAGE_MAX : request.pageSize,
            cursor: request.cursor,
          })
        : { items: [], nextCursor: "" };
      const hosting = thread ? await deps.hosting.threadHosting(scope, threadId) : undefined;
      const view = thread ? toThread(thread, clock()) : undefined;
      return {
        thread: view ? { ...view, hosting: hosting?.current ?? view.hosting } : undefined,
        hostingHistory: hosting?.history ?? [],
        messages: page.items.map(toMessage),
        nextCursor: page.nextCursor,
        marketing: toPreference(ownMarketing),
        tombstones: ownTombstone ? [toTombstone(ownTombstone)] : [],
      };
    }),
    eraseCustomer: unaryHandler(logger, async (request, scope) => {
      customerOf(request);
      const requestedBy = request.requestedBy.trim();
      if (requestedBy === "" || requestedBy.length > 256)
        throw new AppError("invalid_argument", "requested_by is required");
      const tombstone = await eraseCustomer(deps, scope, { ...request, requestedBy });
      return { tombstone: toTombstone(tombstone) };
    }),
    setRetentionPolicy: unaryHandler(logger, async (request, scope) => {
      if (
        !Number.isInteger(request.retentionDays) ||
        request.retentionDays < 0 ||
        request.retentionDays > MAX_RETENTION_DAYS
      ) {
        throw new AppError("invalid_argument", `retention_days must be from 0 to ${MAX_RETENTION_DAYS}`);
      }
      await privacy.setRetentionDays(scope, request.retentionDays);
      return { retentionDays: request.retentionDays };
    }),
    setMarketingTemplates: unaryHandler(logger, async (request, scope) => {
      const names = [...new Set(request.templateNames)];
      if (names.length > 1000 || names.some((n) => !TEMPLATE_NAME.test(n))) {
        throw new AppError("invalid_argument", "template_names must be at most 1000 template names (a-z, 0-9, _)");
      }
      await privacy.setMarketingTemplates(scope, names);
      return { templateNames: names };
    }),
  };
}
