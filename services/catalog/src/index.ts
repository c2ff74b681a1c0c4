// What other packages (the dev/demo starter, e2e tests, the benchmark) may use from the catalog
// service: its builder, its Mongo adapters and the gRPC implementation to mount on a server.
export { buildCatalogService, type CatalogService, CONSUMER_GROUPS } from "./catalog-service.ts";
export type { OrderState, OrderStatus } from "./domain/order.ts";
export type { ProductInput, ProductView } from "./domain/product.ts";
export { type FeedFormat, type FeedRecord, formatOf, readFeed } from "./feed/feed-records.ts";
export { FEED_COLUMNS, type FeedRow, productFromFeedRow } from "./feed/feed-row.ts";
export {
  type BadRow,
  type BatchOutcome,
  type ImportOptions,
  type ImportReport,
  importFeed,
} from "./feed/import-feed.ts";
export { catalogGrpc } from "./grpc/catalog-grpc.ts";
export type { CatalogPorts } from "./service/catalog-ports.ts";
export { createMongoCatalogStores } from "./store/mongo-catalog-stores.ts";
