// The gRPC clients of the services ingress calls: the catalog, and one channel to the conversation
// service that both the read side and the privacy controls run over. main.ts opens them at boot
// and closes them in shutdown's second phase; nothing else in ingress opens a gRPC channel.
import { credentials } from "@grpc/grpc-js";
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
export function createConversationClient(address: string): ConversationServiceClient {
  return new ConversationServiceClient(address, credentials.createInsecure());
}

export function connectRemoteServices(
  config: Pick<IngressConfig, "CATALOG_GRPC_ADDRESS" | "CONVERSATION_GRPC_ADDRESS" | "ANALYTICS_GRPC_ADDRESS">,
): RemoteServices {
  const catalog = createGrpcCatalog(config.CATALOG_GRPC_ADDRESS);
  const catalogClient = new CatalogServiceClient(config.CATALOG_GRPC_ADDRESS, credentials.createInsecure());
  const conversation = createConversationClient(config.CONVERSATION_GRPC_ADDRESS);
  const analytics = new AnalyticsServiceClient(config.ANALYTICS_GRPC_ADDRESS, credentials.createInsecure());
  return {
    catalog,
    commerce: createGrpcCommerce(catalogClient),
    conversations: createGrpcConversationReader(conversation),
    privacy: createGrpcCustomerPrivacy(conversation),
    analytics: createGrpcAnalyticsReader(analytics),
    close() {
      catalog.close();
      catalogClient.close();
      conversation.close();
      analytics.close();
    },
  };
}
