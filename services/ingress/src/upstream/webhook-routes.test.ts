// The webhook routes in-process with in-memory adapters: handshake, signature, body limits,
// duplicates, that 200 is answered only once the publish is acknowledged, and that a 5xx is never
// followed by a publish of the same body (Meta's retry must make exactly one event).
import {
  createHttpServer,
  createInMemoryEventBus,
  createLogger,
  type EventBus,
  type InMemoryEventBus,
  signMetaBody,
} from "@switchboard/kit";
import { MessageStatusReceivedEvent } from "@switchboard/proto";
import { eventually } from "@switchboard/testing/eventually";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { decoded } from "../../test/support/decoded-records.ts";
import { createFakeUpstreamRouting } from "../../test/support/fake-upstream-routing.ts";
import { createHeldAckEventBus } from "../../test/support/held-ack-event-bus.ts";
import { createInMemoryUpstreamDedupe } from "../../test/support/in-memory-upstream-dedupe.ts";
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import { fixtureBytes, HOSTED_NUMBER } from "../../test/support/upstream-fixtures.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import type { UpstreamDedupe } from "./upstream-dedupe.ts";
import { registerUpstreamWebhookRoutes } from "./webhook-routes.ts";

const SECRET = "unit-test-app-secret";
const VERIFY = "unit-test-verify-token";
const logger = createLogger({ service: "test", level: "silent" });
const apps: FastifyInstance[] = [];
const PUBLISH_TIMEOUT_MS = 2_000;
const TAKEOVER_MARGIN_MS = 5_000;

/** An ingress's webhook routes; several built in one test share a store as replicas do. */
function build(
  bus: EventBus,
  dedupe: UpstreamDedupe = createInMemoryUpstreamDedupe(),
  publishTimeoutMs = PUBLISH_TIMEOUT_MS,
  now?: () => number,
) {
  const app = createHttpServer({ logger, bodyLimitBytes: 3 * 1024 * 1024, readinessChecks: {} });
  apps.push(app);
  registerGraphErrorHandling(app);
  registerUpstreamWebhookRoutes(app, {
    appSecretFor: async () => SECRET,
    verifyToken: VERIFY,
    routing: createFakeUpstreamRouting([HOSTED_NUMBER]),
    dedupe,
    messageIds: createInMemoryUpstreamMessageIds(),
    bus,
    publishTimeoutMs,
    claimTakeoverMarginMs: TAKEOVER_MARGIN_MS,
    logger,
    countUnroutable: () => {},
    ...(now ? { now } : {}),
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
  await Promise.all(apps.splice(0).map((app) => app.close()));
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

describe("POST /webhooks/meta when Kafka does not acknowledge in time", () => {
  const DEADLINE_MS = 20;
  /** Comfortably past DEADLINE_MS: long enough for a deadline to have fired, were it raced. */
  const pastDeadline = () => new Promise((resolve) => setTimeout(resolve, 10 * DEADLINE_MS));
  const statuses = (bus: ReturnType<typeof createHeldAckEventBus>) =>
    decoded(bus.inner).filter((e) => e.type === MessageStatusReceivedEvent.type);

  it("withdraws a body still queued at its deadline: 503, never published later, Meta's retry publishes once", async () => {
    const bus = createHeldAckEventBus();
    const dedupe = createInMemoryUpstreamDedupe();
    const target = build(bus, dedupe, DEADLINE_MS);
    // Another body's publish holds the producer, so this one waits queued behind it.
    const ahead = post(target, fixtureBytes("text-message"));
    await pastDeadline();
    expect(bus.inFlight()).toBe(true);

    const answered = await post(target, fixtureBytes("status-sent"));
    expect(answered.statusCode).toBe(503);
    expect(answered.json().error.code).toBe(2);
    expect(bus.queued()).toBe(0);
    expect(dedupe.size()).toBe(1);

    // The broker catches up: only the body ahead lands, not the one answered 503.
    await bus.heal();
    expect((await ahead).statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(0);

    const retried = await post(target, fixtureBytes("status-sent"));
    expect(retried.statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(1);
    expect(bus.inner.records).toHaveLength(2);
  });

  it("answers a body already in flight at its deadline with Kafka's outcome; Meta's retry is then a duplicate", async () => {
    const bus = createHeldAckEventBus();
    const target = build(bus, createInMemoryUpstreamDedupe(), DEADLINE_MS);
    let answered = false;
    const first = post(target, fixtureBytes("status-sent")).then((r) => {
      answered = true;
      return r;
    });
    await pastDeadline();
    expect(bus.inFlight()).toBe(true);
    expect(answered).toBe(false);

    await bus.acknowledge();
    expect((await first).statusCode).toBe(200);
    await bus.heal();
    expect((await post(target, fixtureBytes("status-sent"))).statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(1);
  });

  it("answers 5xx when Kafka fails a body in flight past its deadline, releasing its claims: the retry publishes once", async () => {
    const bus = createHeldAckEventBus();
    const dedupe = createInMemoryUpstreamDedupe();
    const target = build(bus, dedupe, DEADLINE_MS);
    let answered = false;
    const first = post(target, fixtureBytes("status-sent")).then((r) => {
      answered = true;
      return r;
    });
    await pastDeadline();
    expect(answered).toBe(false);

    bus.fail(new Error("broker gave up"));
    expect((await first).statusCode).toBeGreaterThanOrEqual(500);
    expect(dedupe.size()).toBe(0);
    await bus.heal();
    expect((await post(target, fixtureBytes("status-sent"))).statusCode).toBe(200);
    expect((await post(target, fixtureBytes("status-sent"))).statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(1);
  });

  it("answers Meta's redelivery of a body still in flight as that body is answered: 503 when its publish failed", async () => {
    const bus = createHeldAckEventBus();
    const target = build(bus, createInMemoryUpstreamDedupe(), DEADLINE_MS);
    const first = post(target, fixtureBytes("status-sent"));
    await pastDeadline();
    // Meta gave up waiting and redelivers: the claims are held by the first delivery.
    let redeliveryAnswered = false;
    const redelivery = post(target, fixtureBytes("status-sent")).then((r) => {
      redeliveryAnswered = true;
      return r;
    });
    await pastDeadline();
    expect(redeliveryAnswered).toBe(false);

    bus.fail(new Error("broker gave up"));
    expect((await first).statusCode).toBeGreaterThanOrEqual(500);
    expect((await redelivery).statusCode).toBe(503);
    await bus.heal();
    expect((await post(target, fixtureBytes("status-sent"))).statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(1);
  });

  it("answers Meta's redelivery of a body still in flight 200 once that body's publish is acknowledged", async () => {
    const bus = createHeldAckEventBus();
    const target = build(bus, createInMemoryUpstreamDedupe(), DEADLINE_MS);
    const first = post(target, fixtureBytes("status-sent"));
    await pastDeadline();
    const redelivery = post(target, fixtureBytes("status-sent"));
    await pastDeadline();
    await bus.acknowledge();
    expect((await first).statusCode).toBe(200);
    expect((await redelivery).statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(1);
  });
});

describe("POST /webhooks/meta when another attempt's claim is not confirmed", () => {
  const T0 = 1_760_000_000_000;
  const PAST_TAKEOVER = PUBLISH_TIMEOUT_MS + TAKEOVER_MARGIN_MS + 1;
  const statuses = (bus: InMemoryEventBus) => decoded(bus).filter((e) => e.type === MessageStatusReceivedEvent.type);

  it("answers 503 Graph code 2 while a crashed replica's claim is young, and publishes it once past the takeover cutoff", async () => {
    const dedupe = createInMemoryUpstreamDedupe();
    let clock = T0;
    // Replica A claims, hands the events to a broker that never answers, and is killed.
    const dying = createHeldAckEventBus();
    void post(
      build(dying, dedupe, PUBLISH_TIMEOUT_MS, () => T0),
      fixtureBytes("status-sent"),
    );
    await eventually(() => {
      if (!dying.inFlight()) throw new Error("replica A has not handed its events to the broker yet");
    });
    expect(dedupe.size()).toBe(1);

    // Replica B gets Meta's redelivery.
    const bus = createInMemoryEventBus();
    const replicaB = build(bus, dedupe, PUBLISH_TIMEOUT_MS, () => clock);
    clock = T0 + PAST_TAKEOVER - 2;
    const early = await post(replicaB, fixtureBytes("status-sent"));
    expect(early.statusCode).toBe(503);
    expect(early.json().error).toMatchObject({ code: 2 });
    expect(statuses(bus)).toHaveLength(0);

    clock = T0 + PAST_TAKEOVER;
    expect((await post(replicaB, fixtureBytes("status-sent"))).statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(1);
    // Confirmed now: later redeliveries are duplicates, however late.
    clock = T0 + 100 * PAST_TAKEOVER;
    expect((await post(replicaB, fixtureBytes("status-sent"))).statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(1);
  });

  it("publishes Meta's retry past the cutoff when a failed publish could not release its claims", async () => {
    const inner = createInMemoryUpstreamDedupe();
    const stalledRelease: UpstreamDedupe = { ...inner, releaseAll: async () => Promise.reject(new Error("stalled")) };
    const bus = createInMemoryEventBus();
    let failing = true;
    const flaky: EventBus = {
      ...bus,
      publish: async (events) => {
        if (failing) throw new Error("broker down");
        await bus.publish(events);
      },
    };
    let clock = T0;
    const target = build(flaky, stalledRelease, PUBLISH_TIMEOUT_MS, () => clock);
    expect((await post(target, fixtureBytes("status-sent"))).statusCode).toBeGreaterThanOrEqual(500);
    expect(inner.size()).toBe(1);
    failing = false;
    clock = T0 + 1_000;
    // Before: 200 as a duplicate, and the status never reached Kafka.
    expect((await post(target, fixtureBytes("status-sent"))).statusCode).toBe(503);
    clock = T0 + PAST_TAKEOVER;
    expect((await post(target, fixtureBytes("status-sent"))).statusCode).toBe(200);
    expect(statuses(bus)).toHaveLength(1);
  });
});
