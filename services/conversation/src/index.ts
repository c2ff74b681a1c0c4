// What other packages (ingress's tests against the real service, load tools) may use from the
// conversation service: the builder, its store adapters for Mongo, serving, and the notice text
// customers see (which ingress's hosting labels must match). Nothing else is public.
export {
  buildConversationService,
  type ConversationService,
  type ConversationServiceDeps,
} from "./conversation-service.ts";
export { type ConversationStores, createMongoConversationStores } from "./conversation-stores.ts";
export { hostingNoticeText } from "./hosting/hosting-notice-text.ts";
export type { RetentionSchedule } from "./privacy/privacy-module.ts";
export {
  CONVERSATION_GRPC_SERVICE,
  type ServedConversationService,
  type ServeOptions,
  serveConversationService,
} from "./serve-conversation-service.ts";
