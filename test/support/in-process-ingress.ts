// The whole ingress service built in-process with its own builder over in-memory adapters and the
// in-memory event bus, every port watched by a write recorder: the fuzz and isolation suites drive
// it with fastify's inject (no sockets) and check, after each request, what it wrote and published.
import { createInMemoryEventBus, createLogger, type InMemoryEventBus } from "@switchboard/kit";
import { type IngressConfig, loadIngressConfig } from "../../services/ingress/src/config.ts";
import type { IngressDeps } from "../../services/ingress/src/ingress-deps.ts";
import { buildIngressService, type IngressService } from "../../services/ingress/src/ingress-service.ts";
import {
  createInMemoryRateLimiter,
  rateLimitOptionsOf,
} from "../../services/ingress/src/rate-limit/in-memory-rate-limiter.ts";
import { createFakeAnalyticsReader } from "../../services/ingress/test/support/fake-analytics-reader.ts";
import { createFakeCatalog } from "../../services/ingress/test/support/fake-catalog.ts";
import { createFakeCommerce } from "../../services/ingress/test/support/fake-commerce.ts";
import { createFakeConversationReader } from "../../services/ingress/test/support/fake-conversation-reader.ts";
import { createFakeCustomerPrivacy } from "../../services/ingress/test/support/fake-customer-privacy.ts";
import { createInMemoryDeliveryStore } from "../../services/ingress/test/support/in-memory-delivery-store.ts";
import { createInMemoryIdempotencyStore } from "../../services/ingress/test/support/in-memory-idempotency-store.ts";
import { createInMemorySubscriptionStore } from "../../services/ingress/test/support/in-memory-subscription-store.ts";
import { createInMemoryTemplateStore } from "../../services/ingress/test/support/in-memory-template-store.ts";
import { createInMemoryUpstreamDedupe } from "../../services/ingress/test/support/in-memory-upstream-dedupe.ts";
import { createInMemoryUpstreamMessageIds } from "../../services/ingress/test/support/in-memory-upstream-message-ids.ts";
import { createFakeDeadLetters } from "./fake-dead-letters.ts";
import { createInMemoryMediaStore } from "./in-memory-media-store.ts";
import { createInMemoryTenancy, type InMemoryTenancyState } from "./in-memory-tenancy.ts";
import { createWriteRecorder, type WriteRecorder } from "./write-recorder.ts";

export const ADMIN_TOKEN = "fuzz-admin-token-0123456789abcdef";
export const UPSTREAM_APP_SECRET = "fuzz-app-secret-0123456789";
export const UPSTREAM_VERIFY_TOKEN = "fuzz-verify-token-0123";

/** Our own stores: their writes are checked for keys MongoDB refuses; remote services' are not. */
const STORE = { documents: true };
/** Our stores whose methods take the tenant id as their first argument. */
const TENANT_STORE = { documents: true, tenantFirst: true };

export interface InProcessIngress {
  service: IngressService;
  deps: IngressDeps;
  config: IngressConfig;
  bus: InMemoryEventBus;
  recorder: WriteRecorder;
  tenancyState: InMemoryTenancyState;
  /** Every route fastify serves, as `METHOD /pattern` (HEAD routes fastify adds are left out). */
  routes(): string[];
}

export async function buildInProcessIngress(overrides: Partial<IngressDeps> = {}): Promise<InProcessIngress> {
  const config = loadIngressConfig({
    LOG_LEVEL: "silent",
    KAFKA_BROKERS: "127.0.0.1:1",
    MONGODB_URI: "mongodb://127.0.0.1:1/",
    ADMIN_TOKEN,
    UPSTREAM_APP_SECRET,
    UPSTREAM_VERIFY_TOKEN,
    // Seals the Meta credentials the admin API registers (any 32 bytes will do in a test).
    UPSTREAM_CREDENTIALS_KEY: Buffer.alloc(32, 7).toString("base64"),
    // No simulated review lands mid-run: each case's published events are the case's own.
    TEMPLATE_REVIEW_DELAY_MS: String(2 ** 31 - 1),
  });
  const recorder = createWriteRecorder();
  // The operator's view of the dead-letter topics rides on the bus, as the Kafka bus carries it.
  const bus = Object.assign(createInMemoryEventBus(), { dlq: recorder.watch("dlq", createFakeDeadLetters()) });
  const tenancy = createInMemoryTenancy();
  const w = recorder.watch;
  const deps: IngressDeps = {
    logger: createLogger({ service: "ingress-fuzz", level: "silent" }),
    bus,
    readinessChecks: {},
    tenancy: {
      callers: w("tenancy.callers", tenancy.callers, STORE),
      upstream: w("tenancy.upstream", tenancy.upstream, STORE),
      admin: w("tenancy.admin", tenancy.admin, TENANT_STORE),
    },
    idempotency: w("idempotency", createInMemoryIdempotencyStore(), TENANT_STORE),
    media: w("media", createInMemoryMediaStore(), STORE),
    upstreamDedupe: w("upstreamDedupe", createInMemoryUpstreamDedupe(), TENANT_STORE),
    upstreamMessageIds: w("upstreamMessageIds", createInMemoryUpstreamMessageIds(), TENANT_STORE),
    webhookSubscriptions: w("webhookSubscriptions", createInMemorySubscriptionStore(), STORE),
    webhookDeliveries: w("webhookDeliveries", createInMemoryDeliveryStore(), STORE),
    messageTemplates: w("messageTemplates", createInMemoryTemplateStore(), STORE),
    catalog: w("catalog", createFakeCatalog()),
    commerce: w("commerce", createFakeCommerce()),
    conversations: w("conversations", createFakeConversationReader([])),
    privacy: w("privacy", createFakeCustomerPrivacy()),
    analytics: w("analytics", createFakeAnalyticsReader()),
    rateLimiter: createInMemoryRateLimiter(rateLimitOptionsOf(config)),
    ...overrides,
  };
  const service = buildIngressService(deps, config);
  const seen: string[] = [];
  service.http.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) if (method !== "HEAD") seen.push(`${method} ${route.url}`);
  });
  await service.http.ready();
  return { service, deps, config, bus, recorder, tenancyState: tenancy.state, routes: () => [...new Set(seen)] };
}
