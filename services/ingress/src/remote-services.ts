// The gRPC clients of the services ingress calls: one channel each to the catalog, the analytics
// service and the conversation service (which both the read side and the privacy controls run
// over). main.ts opens them at boot and closes them in shutdown's second phase; nothing else in
// ingress opens a gRPC channel. Every channel signs each call's tenant scope with the key ring
// (kit's openInternalClient) and uses mutual TLS when configured: ingress is the component that
// authenticated the caller, so it is the one that vouches for the scope.
import { type InternalCallAuth, openInternalClient } from "@switchboard/kit";
import { AnalyticsServiceClient } from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { CatalogServiceClient } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { ConversationServiceClient } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { AnalyticsReader } from "./analytics/analytics-reader.ts";
import { createGrpcAnalyticsReader } from "./analytics/grpc-analytics-reader.ts";
import type { CatalogPort } from "./catalog/catalog-port.ts";
import type { CommercePort } from "./catalog/commerce-port.ts";
import { createGrpcCatalog } from "./catalog/grpc-catalog.ts";
import { createGrpcCommerce } from "./catalog/grpc-commerce.ts";
import type { IngressConfig } from "./config.ts";
import type { CustomerPrivacy } from "./privacy/customer-privacy.ts";
import { createGrpcCustomerPrivacy } from "./privacy/grpc-customer-privacy.ts";
import type { ConversationReader } from "./read-side/conversation-reader.ts";
import { createGrpcConversationReader } from "./read-side/grpc-conversation-reader.ts";

export interface RemoteServices {
  catalog: CatalogPort;
  commerce: CommercePort;
  conversations: ConversationReader;
  privacy: CustomerPrivacy;
  analytics: AnalyticsReader;
  /** Closes every channel; calls in flight fail. */
  close(): void;
}

/** A client of the conversation service; connects lazily, on the first call. */
export function createConversationClient(address: string, auth: InternalCallAuth): ConversationServiceClient {
  return openInternalClient(ConversationServiceClient, address, auth);
}

export function connectRemoteServices(
  config: Pick<IngressConfig, "CATALOG_GRPC_ADDRESS" | "CONVERSATION_GRPC_ADDRESS" | "ANALYTICS_GRPC_ADDRESS">,
  auth: InternalCallAuth,
): RemoteServices {
  const catalogClient = openInternalClient(CatalogServiceClient, config.CATALOG_GRPC_ADDRESS, auth);
  const conversation = createConversationClient(config.CONVERSATION_GRPC_ADDRESS, auth);
  const analytics = openInternalClient(AnalyticsServiceClient, config.ANALYTICS_GRPC_ADDRESS, auth);
  return {
    catalog: createGrpcCatalog(catalogClient),
    commerce: createGrpcCommerce(catalogClient),
    conversations: createGrpcConversationReader(conversation),
    privacy: createGrpcCustomerPrivacy(conversation),
    analytics: createGrpcAnalyticsReader(analytics),
    close() {
      catalogClient.close();
      conversation.close();
      analytics.close();
    },
  };
}
