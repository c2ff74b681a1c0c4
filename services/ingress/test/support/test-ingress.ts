// Builds the ingress service for an integration test with the builder main.ts uses, over the
// MongoDB stores of the test's own database and the test's bus. The services a test does not run
// are stand-ins (every product exists, no conversation and no customer is known), the rate limits
// are the config's; a test overrides whichever dependency it exercises.
import type { EventBus, Logger } from "@switchboard/kit";
import type { Connection } from "mongoose";
import type { IngressConfig } from "../../src/config.ts";
import type { IngressDeps } from "../../src/ingress-deps.ts";
import { buildIngressService, type IngressService } from "../../src/ingress-service.ts";
import { createMongoIngressStores } from "../../src/ingress-stores.ts";
import { createInMemoryRateLimiter, rateLimitOptionsOf } from "../../src/rate-limit/in-memory-rate-limiter.ts";
import { createFakeAnalyticsReader } from "./fake-analytics-reader.ts";
import { createFakeCatalog } from "./fake-catalog.ts";
import { createFakeCommerce } from "./fake-commerce.ts";
import { createFakeConversationReader } from "./fake-conversation-reader.ts";
import { createFakeCustomerPrivacy } from "./fake-customer-privacy.ts";

export interface TestIngress {
  service: IngressService;
  /** What it was built from, to seed stores or to build a variant. */
  deps: IngressDeps;
}

export async function buildTestIngress(
  runtime: { mongo: Connection; bus: EventBus; logger: Logger },
  config: IngressConfig,
  overrides: Partial<IngressDeps> = {},
): Promise<TestIngress> {
  const deps: IngressDeps = {
    logger: runtime.logger,
    bus: runtime.bus,
    readinessChecks: {},
    ...(await createMongoIngressStores(runtime.mongo, config)),
    catalog: createFakeCatalog(),
    commerce: createFakeCommerce(),
    conversations: createFakeConversationReader([]),
    privacy: createFakeCustomerPrivacy(),
    analytics: createFakeAnalyticsReader(),
    rateLimiter: createInMemoryRateLimiter(rateLimitOptionsOf(config)),
    ...overrides,
  };
  return { service: buildIngressService(deps, config), deps };
}
