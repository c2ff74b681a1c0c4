import { createInMemoryEventBus, createLogger } from "@switchboard/kit";
import { eventually } from "@switchboard/testing/eventually";
import { describe, expect, it } from "vitest";
import { approveTemplate } from "../../test/support/approved-template.ts";
import { createInMemoryDeliveryStore } from "../../test/support/in-memory-delivery-store.ts";
import { createInMemorySubscriptionStore } from "../../test/support/in-memory-subscription-store.ts";
import { createInMemoryTemplateStore } from "../../test/support/in-memory-template-store.ts";
import { GraphError } from "../graph/graph-error.ts";
import { parseSendRequest } from "../send/send-request.ts";
import { buildTemplates } from "./templates-module.ts";

const A = { tenantId: "tenant-a", businessId: "200000000000001" };

function build(directory?: Parameters<typeof buildTemplates>[0]["directory"]) {
  const store = createInMemoryTemplateStore();
  const templates = buildTemplates({
    ...(directory ? { directory } : {}),
    store,
    bus: createInMemoryEventBus(),
    webhooks: {
      subscriptions: createInMemorySubscriptionStore(),
      deliveries: createInMemoryDeliveryStore(),
      worker: {
        wake() {},
        queued() {},
        scanSoon() {},
        runOnce: async () => 0,
        run: async () => {},
        settled: async () => {},
      },
    },
    config: {
      UPSTREAM_CHANNEL: "simulator",
      TEMPLATE_REVIEW_DELAY_MS: 60_000,
      TEMPLATE_CACHE_TTL_MS: 60_000,
      TEMPLATE_CONSUMER_GROUP: "templates",
      TEMPLATE_SYNC_INTERVAL_MS: 0,
    },
    logger: createLogger({ service: "templates-test", level: "silent" }),
  });
  return { store, templates };
}

const send = (body: object) => {
  const parsed = parseSendRequest({ messaging_product: "whatsapp", to: "+16505550123", ...body });
  if (parsed.kind !== "message") throw new Error("not a message");
  return parsed;
};
const order = (n: string) =>
  send({
    type: "template",
    template: {
      name: "order_ready",
      language: { code: "en_US" },
      components: [{ type: "body", parameters: [{ type: "text", text: n }] }],
    },
  });

describe("the templates module's send check", () => {
  it("checks template sends from a warm cache, one store read for many sends", async () => {
    const { store, templates } = build();
    await approveTemplate(store, A, {
      name: "order_ready",
      language: "en_US",
      components: [{ type: "BODY", text: "Order {{1}} is ready" }],
    });
    for (let i = 0; i < 50; i += 1) await templates.checkSend(A, order(`#${i}`));
    expect(store.reads).toBe(1);
    await expect(templates.checkSend({ ...A, businessId: "200000000000002" }, order("#1"))).rejects.toBeInstanceOf(
      GraphError,
    );
  });

  it("leaves every other message type alone, without a store read", async () => {
    const { store, templates } = build();
    await templates.checkSend(A, send({ type: "text", text: { body: "hi" } }));
    expect(store.reads).toBe(0);
  });
});

describe("the templates module at start-up", () => {
  it("decides the simulated reviews a stopped process left PENDING", async () => {
    const directory = {
      listTenants: async () => [{ tenantId: A.tenantId, name: "A", kind: "enterprise" as const, createdAtMs: 0 }],
      listBusinessAccounts: async () => [{ ...A, name: "A", createdAtMs: 0 }],
      businessAccount: async () => undefined,
    };
    const { store, templates } = build(directory);
    const record = await approveTemplate(store, A, {
      name: "left_pending",
      language: "en_US",
      components: [{ type: "BODY", text: "Hello {{1}}" }],
    });
    // Submitted well over the review delay (60 s here) ago, by a process that stopped since.
    await store.update(A, record, { status: "PENDING" }, Date.now() - 120_000);
    const running = await templates.start();
    try {
      await eventually(async () => {
        expect((await store.get(A, record))?.status).toBe("APPROVED");
      });
    } finally {
      await running.stop();
    }
  });
});
