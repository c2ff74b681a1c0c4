// The ingress package's surface: its builder, what the builder is built from, and the MongoDB
// adapters and gRPC clients main.ts opens — so another package (a benchmark, a cross-service
// test) builds ingress exactly as main.ts does, without importing its internals.
export type { IngressConfig } from "./config.ts";
export { ingressConfigSchema, loadIngressConfig } from "./config.ts";
export type { IngressDeps } from "./ingress-deps.ts";
export type { IngressService, IngressWorker } from "./ingress-service.ts";
export { buildIngressService } from "./ingress-service.ts";
export type { IngressStores } from "./ingress-stores.ts";
export { createMongoIngressStores } from "./ingress-stores.ts";
export { createInMemoryRateLimiter, rateLimitOptionsOf } from "./rate-limit/in-memory-rate-limiter.ts";
export type { RemoteServices } from "./remote-services.ts";
export { connectRemoteServices, createConversationClient } from "./remote-services.ts";
export { cachedTenancy } from "./tenancy/cached-tenancy.ts";
