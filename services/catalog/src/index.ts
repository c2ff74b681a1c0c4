// What other packages (the dev/demo starter, e2e tests) may use from the catalog service: the
// store port and its adapters, and the gRPC implementation to mount on a server.
export type { ProductInput, ProductRecord } from "./domain/product.ts";
export { catalogGrpc } from "./grpc/catalog-grpc.ts";
export { createInMemoryProductStore } from "./store/in-memory-product-store.ts";
export { createMongoProductStore } from "./store/mongo-product-store.ts";
export type { Page, ProductStore } from "./store/product-store.ts";
