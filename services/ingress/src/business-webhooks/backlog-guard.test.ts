// The pending cap per business: reaching it is signalled (a warning, the backpressure gauge, the
// operator's backlog route) without dropping anything, and the signal clears once the backlog,
// as re-read from the store, is back under the cap.
import { Writable } from "node:stream";
import { createHttpServer, createLogger, metricsText, startTelemetry, type Telemetry } from "@switchboard/kit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createInMemoryDeliveryStore } from "../../test/support/in-memory-delivery-store.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import type { BusinessAccountRecord } from "../tenancy/tenancy-records.ts";
import { createBacklogGuard } from "./backlog-guard.ts";
import { registerDeliveryAdminRoutes } from "./delivery-admin-routes.ts";

const A = { tenantId: "tn_1", businessId: "1001" };
const B = { tenantId: "tn_2", businessId: "2002" };
const ADMIN_TOKEN = "admin-token-for-unit-tests-0123456789";
const change = (deliveryId: string) => ({ deliveryId, eventType: "messages", phoneNumberId: "pn-1", changeJson: "{}" });

function capturedLogger() {
  const lines: { msg: string; businessId?: string; pending?: number }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()));
      callback();
    },
  });
  return { lines, logger: createLogger({ service: "test", level: "info", destination }) };
}

async function backpressured(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const match of (await metricsText()).matchAll(
    /^switchboard_webhook_backpressured\{tenant="([^"]*)",business="([^"]*)"\} (\d+)$/gm,
  ))
    out[`${match[1]}/${match[2]}`] = Number(match[3]);
  return out;
}

let telemetry: Telemetry;
beforeEach(() => {
  telemetry = startTelemetry({ serviceName: "cap-test", exporter: "none", otlpEndpoint: "http://127.0.0.1:1" });
});
afterEach(() => telemetry.shutdown());

async function setUp(cap: number) {
  const store = createInMemoryDeliveryStore();
  const { lines, logger } = capturedLogger();
  const clock = { now: 5_000 };
  const guard = createBacklogGuard({ store, cap, clock: () => clock.now, logger });
  // What the intake does for each new delivery.
  const queue = async (scope: typeof A, id: string) => {
    if ((await store.enqueue(scope, change(id), clock.now)).created) guard.queued(scope);
  };
  return { store, guard, lines, queue, clock };
}

describe("the pending cap per business", () => {
  it("marks a business backpressured when it reaches the cap, keeps queuing, and says so once", async () => {
    const h = await setUp(3);
    for (const id of ["a1", "a2", "a3", "a4"]) await h.queue(A, id);
    await h.queue(B, "b1");
    expect(h.guard.state(A)).toMatchObject({ pending: 4, cap: 3, backpressured: true });
    expect(h.guard.state(B)).toMatchObject({ pending: 1, backpressured: false });
    // Nothing was dropped or set aside.
    expect(h.store.all().filter((d) => d.tenantId === A.tenantId && d.state === "pending")).toHaveLength(4);
    const warnings = h.lines.filter((l) => l.msg === "webhook backlog reached its cap");
    expect(warnings).toEqual([expect.objectContaining({ businessId: A.businessId, pending: 3 })]);
    expect(await backpressured()).toEqual({ "tn_1/1001": 1 });
  });

  it("counts a consumed batch's new deliveries of a business at once", async () => {
    const h = await setUp(3);
    h.guard.queued(A, 2);
    expect(h.guard.state(A)).toMatchObject({ pending: 2, backpressured: false });
    h.guard.queued(A, 5);
    expect(h.guard.state(A)).toMatchObject({ pending: 7, backpressured: true });
    expect(h.lines.filter((l) => l.msg === "webhook backlog reached its cap")).toHaveLength(1);
  });

  it("sees the cap from the store's counts (other replicas' deliveries too) and clears once under it", async () => {
    const h = await setUp(3);
    // Queued through another replica: only the store knows.
    for (const id of ["a1", "a2", "a3"]) await h.store.enqueue(A, change(id), 5_000);
    expect(h.guard.state(A).backpressured).toBe(false);
    await h.guard.sample();
    expect(h.guard.state(A)).toEqual({ pending: 3, cap: 3, backpressured: true, sampledAtMs: 5_000 });

    await h.store.claimDue("w", 5_000, 30_000, 10);
    await h.store.markDelivered(A, ["a1", "a2"], 6_000);
    h.clock.now = 7_000;
    await h.guard.sample();
    expect(h.guard.state(A)).toEqual({ pending: 1, cap: 3, backpressured: false, sampledAtMs: 7_000 });
    expect(h.lines.map((l) => l.msg)).toContain("webhook backlog back under its cap");
    expect(await backpressured()).toEqual({ "tn_1/1001": 0 });
  });

  it("is shown to the operator on the business's backlog route", async () => {
    const h = await setUp(2);
    for (const id of ["a1", "a2"]) await h.queue(A, id);
    await h.guard.sample();
    const app = createHttpServer({
      logger: createLogger({ service: "test", level: "silent" }),
      bodyLimitBytes: 1_000,
      readinessChecks: {},
    });
    registerGraphErrorHandling(app);
    registerDeliveryAdminRoutes(app, {
      admin: {
        businessAccount: async (scope) =>
          scope.tenantId === A.tenantId && scope.businessId === A.businessId
            ? ({ ...A } as unknown as BusinessAccountRecord)
            : undefined,
      },
      deliveries: h.store,
      backlog: h.guard,
      adminToken: ADMIN_TOKEN,
      clock: () => h.clock.now,
      replayed: () => {},
    });
    const response = await app.inject({
      url: `/admin/v1/tenants/${A.tenantId}/business_accounts/${A.businessId}/webhook_backlog`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      pending: 2,
      cap: 2,
      backpressured: true,
      sampled_time: new Date(5_000).toISOString(),
    });
  });
});
