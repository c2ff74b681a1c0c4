import { createHttpServer, createLogger } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeAnalyticsReader } from "../../test/support/fake-analytics-reader.ts";
import { createFakeCallerDirectory } from "../../test/support/fake-caller-directory.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { hashAccessToken } from "../tenancy/access-token.ts";
import { registerAnalyticsRoutes } from "./analytics-routes.ts";

const A = { tenantId: "tenant-a", businessId: "200000000000001" };
const B = { tenantId: "tenant-b", businessId: "200000000000002" };
const DAY = 86_400_000;
const D0 = Date.UTC(2026, 10, 1);
const dims = (phone: string, category: string, hosting: string, direction = "outbound") => ({
  phone_number_id: phone,
  pricing_category: category,
  hosting_mode: hosting,
  encryption_state: hosting === "on_premises" ? "end_to_end" : "provider_accessible",
  direction,
  country_calling_code: "44",
});

describe("WABA analytics fields", () => {
  let app: FastifyInstance;
  const reader = createFakeAnalyticsReader([
    {
      owner: A,
      startMs: D0,
      endMs: D0 + DAY,
      dimensions: dims("111", "marketing", "cloud"),
      measures: { sent: 5, delivered: 4 },
    },
    {
      owner: A,
      startMs: D0,
      endMs: D0 + DAY,
      dimensions: dims("222", "utility", "on_premises"),
      measures: { sent: 2, delivered: 2 },
    },
    {
      owner: A,
      startMs: D0 + DAY,
      endMs: D0 + 2 * DAY,
      dimensions: dims("111", "service", "cloud", "inbound"),
      measures: { received: 3, windows_opened: 2 },
    },
    { owner: B, startMs: D0, endMs: D0 + DAY, dimensions: dims("333", "marketing", "cloud"), measures: { sent: 100 } },
  ]);
  const callers = createFakeCallerDirectory({ [hashAccessToken("token-a")]: A, [hashAccessToken("token-b")]: B }, []);
  const range = `start(${D0 / 1000}).end(${(D0 + 2 * DAY) / 1000})`;
  const get = (query: string, token = "token-a", waba = A.businessId) =>
    app.inject({ method: "GET", url: `/v21.0/${waba}?${query}`, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    app = createHttpServer({
      logger: createLogger({ service: "analytics-route-test", level: "silent" }),
      bodyLimitBytes: 1024,
      readinessChecks: {},
    });
    registerGraphErrorHandling(app);
    // A media read on the same path stays the media route's.
    app.get("/:version/:mediaId", async () => ({ media: true }));
    registerAnalyticsRoutes(app, { callers, analytics: reader });
    await app.ready();
  });
  afterAll(() => app.close());

  it("answers analytics with sent and delivered data points for the chosen numbers", async () => {
    const response = await get(`fields=analytics.${range}.granularity(DAY).phone_numbers(["111"])`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: A.businessId,
      analytics: {
        phone_numbers: ["111"],
        country_codes: [],
        granularity: "DAY",
        data_points: [{ start: D0 / 1000, end: (D0 + DAY) / 1000, sent: 5, delivered: 4 }],
      },
    });
    expect(reader.calls.at(-1)?.query.filters).toEqual([
      { dimension: "phone_number_id", values: ["111"] },
      { dimension: "direction", values: ["outbound"] },
    ]);
  });

  it("answers pricing, conversation and hosting-mode breakdowns, several fields at once, and CSV", async () => {
    const response = await get(
      `fields=pricing_analytics.${range}.granularity(DAILY).dimensions(["PRICING_CATEGORY"]),volume_analytics.${range}.granularity(DAILY).dimensions(["HOSTING_MODE","ENCRYPTION_STATE"])`,
    );
    const body = response.json() as Record<string, { data: [{ data_points: Record<string, unknown>[] }] }>;
    expect(body.pricing_analytics?.data[0].data_points).toEqual([
      { start: D0 / 1000, end: (D0 + DAY) / 1000, volume: 5, pricing_category: "MARKETING" },
      { start: D0 / 1000, end: (D0 + DAY) / 1000, volume: 2, pricing_category: "UTILITY" },
    ]);
    expect(
      body.volume_analytics?.data[0].data_points.map((p) => [p.hosting_mode, p.encryption_state, p.sent, p.received]),
    ).toEqual([
      ["CLOUD", "PROVIDER_ACCESSIBLE", 5, 0],
      ["ON_PREMISES", "END_TO_END", 2, 0],
      ["CLOUD", "PROVIDER_ACCESSIBLE", 0, 3],
    ]);
    const conversations = await get(
      `fields=conversation_analytics.${range}.granularity(MONTHLY).dimensions(["CONVERSATION_CATEGORY"])`,
    );
    expect(
      (conversations.json() as typeof body).conversation_analytics?.data[0].data_points.map((p) => p.conversation),
    ).toContain(2);
    const csv = await get(
      `fields=volume_analytics.${range}.granularity(DAILY).dimensions(["HOSTING_MODE"])&format=csv`,
    );
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\n").slice(0, 2)).toEqual([
      "start,end,hosting_mode,sent,delivered,read,failed,outcome_unknown,received,windows_opened",
      `${D0 / 1000},${(D0 + DAY) / 1000},CLOUD,5,4,0,0,0,0,0`,
    ]);
  });

  it("answers another business's account as unknown, refuses bad fields, and leaves media reads alone", async () => {
    const foreign = await get(`fields=analytics.${range}`, "token-a", B.businessId);
    expect(foreign.statusCode).toBe(400);
    expect((foreign.json() as { error: { code: number; error_subcode: number } }).error).toMatchObject({
      code: 100,
      error_subcode: 33,
    });
    for (const bad of [
      `fields=analytics.start(1)`,
      `fields=analytics.${range}.granularity(WEEK)`,
      `fields=pricing_analytics.${range}.dimensions(["COLOUR"])`,
      `fields=analytics.${range}&format=xml`,
    ]) {
      expect((await get(bad)).statusCode).toBe(400);
    }
    expect((await get("")).json()).toEqual({ media: true });
    expect((await get("fields=name")).json()).toEqual({ media: true });
    expect(reader.calls.every((c) => c.caller.tenantId === A.tenantId)).toBe(true);
  });
});
