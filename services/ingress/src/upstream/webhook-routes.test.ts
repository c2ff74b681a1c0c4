// The webhook routes in-process with in-memory adapters: handshake, signature, body limits,
// duplicates, and that 200 is answered only once the publish is acknowledged.
import {
  createHttpServer,
  createInMemoryEventBus,
  createLogger,
  type EventBus,
  type InMemoryEventBus,
  signMetaBody,
} from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeUpstreamRouting } from "../../test/support/fake-upstream-routing.ts";
import { createInMemoryUpstreamDedupe } from "../../test/support/in-memory-upstream-dedupe.ts";
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import { fixtureBytes, HOSTED_NUMBER } from "../../test/support/upstream-fixtures.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { registerUpstreamWebhookRoutes } from "./webhook-routes.ts";

const SECRET = "unit-test-app-secret";
const VERIFY = "unit-test-verify-token";
const logger = createLogger({ service: "test", level: "silent" });
let app: FastifyInstance | undefined;

function build(bus: EventBus, dedupe = createInMemoryUpstreamDedupe()) {
  app = createHttpServer({ logger, bodyLimitBytes: 3 * 1024 * 1024, readinessChecks: {} });
  registerGraphErrorHandling(app);
  registerUpstreamWebhookRoutes(app, {
    appSecretFor: async () => SECRET,
    verifyToken: VERIFY,
    routing: createFakeUpstreamRouting([HOSTED_NUMBER]),
    dedupe,
    messageIds: createInMemoryUpstreamMessageIds(),
    bus,
    publishTimeoutMs: 2_000,
    logger,
    countUnroutable: () => {},
  });
  return app;
}

const post = (target: FastifyInstance, body: Buffer, signature: string | null = signMetaBody(body, SECRET)) =>
  target.inject({
    method: "POST",
    url: "/webhooks/meta",
    headers: {
      "content-type": "application/json",
      ...(signature === null ? {} : { "x-hub-signature-256": signature }),
    },
    payload: body,
  });

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("GET /webhooks/meta handshake", () => {
  it("echoes the challenge as text/plain for our verify token, 403 otherwise", async () => {
    const target = build(createInMemoryEventBus());
    const ok = await target.inject({
      url: `/webhooks/meta?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=8675309`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["content-type"]).toMatch(/^text\/plain/);
    expect(ok.body).toBe("8675309");
    const wrong = await target.inject({
      url: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=8675309",
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain("8675309");
  });
});

describe("POST /webhooks/meta", () => {
  it("publishes the events of a correctly signed body and answers 200", async () => {
    const bus = createInMemoryEventBus();
    const response = await post(build(bus), fixtureBytes("text-message"));
    expect(response.statusCode).toBe(200);
    expect(bus.records).toHaveLength(1);
  });

  it("answers 401 and publishes nothing for a missing, wrong or tampered signature", async () => {
    const bus = createInMemoryEventBus();
    const target = build(bus);
    const body = fixtureBytes("text-message");
    const tampered = Buffer.from(body.toString().replace("Is the blue one", "Is the red one"));
    for (const response of [
      await post(target, body, null),
      await post(target, body, signMetaBody(body, "another-secret")),
      await post(target, tampered, signMetaBody(body, SECRET)),
      await post(target, body, signMetaBody(body, SECRET).replace("sha256=", "sha1=")),
    ]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe(190);
    }
    expect(bus.records).toHaveLength(0);
  });

  it("answers 400 in Graph shape for a signed body that is not JSON or not a webhook", async () => {
    const bus = createInMemoryEventBus();
    const target = build(bus);
    for (const text of ["{not json", '{"object":"whatsapp_business_account"}', '{"entry":[{"id":"1"}]}']) {
      const response = await post(target, Buffer.from(text));
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 100, type: "OAuthException" });
    }
    expect(bus.records).toHaveLength(0);
  });

  it("refuses a body over 3 MB with 413 in Graph shape", async () => {
    const bus = createInMemoryEventBus();
    const big = Buffer.from(JSON.stringify({ object: "x", entry: [], pad: "a".repeat(3 * 1024 * 1024) }));
    const response = await post(build(bus), big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe(100);
    expect(bus.records).toHaveLength(0);
  });

  it("publishes a status delivered twice only once", async () => {
    const bus = createInMemoryEventBus();
    const target = build(bus);
    expect((await post(target, fixtureBytes("status-read"))).statusCode).toBe(200);
    expect((await post(target, fixtureBytes("status-read"))).statusCode).toBe(200);
    expect((await post(target, fixtureBytes("status-delivered"))).statusCode).toBe(200);
    expect(bus.records).toHaveLength(2);
  });

  it("answers only after the publish is acknowledged", async () => {
    const inner = createInMemoryEventBus();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: EventBus = { ...inner, publish: async (events) => gate.then(() => inner.publish(events)) };
    let answered = false;
    const pending = post(build(slow), fixtureBytes("text-message")).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    release();
    expect((await pending).statusCode).toBe(200);
    expect(inner.records).toHaveLength(1);
  });

  it("answers 503 when publishing fails and releases the claims so Meta's retry gets through", async () => {
    const inner: InMemoryEventBus = createInMemoryEventBus();
    let failing = true;
    const flaky: EventBus = {
      ...inner,
      publish: async (events) => {
        if (failing) throw new Error("broker down");
        await inner.publish(events);
      },
    };
    const dedupe = createInMemoryUpstreamDedupe();
    const target = build(flaky, dedupe);
    const first = await post(target, fixtureBytes("status-sent"));
    expect(first.statusCode).toBeGreaterThanOrEqual(500);
    expect(dedupe.size()).toBe(0);
    failing = false;
    expect((await post(target, fixtureBytes("status-sent"))).statusCode).toBe(200);
    expect(inner.records).toHaveLength(1);
  });
});
