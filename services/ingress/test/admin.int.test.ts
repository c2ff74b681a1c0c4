// The admin API against the real Kafka broker and MongoDB-wire server, app built in-process:
// tenant → business account → numbers → tokens, tokens that authenticate exactly like the send
// endpoint's (authenticate()) and stop at revocation, hosting changes that publish exactly one
// PhoneNumberHostingChanged event, and a gate no business token passes.
import {
  connectMongo,
  createLogger,
  EventHandlers,
  type ReceivedEvent,
  type SubscriptionHandle,
} from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { PhoneNumberHostingChangedEvent } from "@switchboard/proto";
import type { PhoneNumberHostingChanged } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { authenticate } from "../src/tenancy/authenticate.ts";
import { ownNumber } from "../src/tenancy/graph-prologue.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import type { Tenancy } from "../src/tenancy/tenancy.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const ADMIN_TOKEN = "admin-token-for-integration-tests-0123456789";
const logger = createLogger({ service: "ingress-admin-test", level: "warn" });

type Json = Record<string, unknown> & { error?: { code: number; error_subcode?: number; type: string } };

describe("admin API against Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  const kafka = useKafkaTestBus("ingadmin", { partitions: 1, logger });
  let mongo: Connection;
  let subscription: SubscriptionHandle;
  let tenancy: Tenancy;
  let app: FastifyInstance;
  const hostingEvents: ReceivedEvent<PhoneNumberHostingChanged>[] = [];

  beforeAll(async () => {
    const name = uniqueName("ingadmin");
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: name });
    tenancy = await createMongoTenancy(mongo);
    subscription = await kafka.bus.subscribe({
      groupId: `${kafka.prefix}reader`,
      handlers: new EventHandlers().on(PhoneNumberHostingChangedEvent, async (received) => {
        hostingEvents.push(received);
      }),
    });
    const config = loadIngressConfig({
      ADMIN_TOKEN,
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: name,
      PUBLISH_TIMEOUT_MS: "10000",
    });
    app = (await buildTestIngress({ mongo, bus: kafka.bus, logger }, config, { tenancy })).service.http;
    // What the send endpoint does first: authenticate the token, then find the number in its business.
    app.get<{ Params: { phoneNumberId: string } }>("/probe/:phoneNumberId", async (request) => {
      const caller = await authenticate(request, tenancy.callers);
      const number = await ownNumber(tenancy.callers, caller, request.params.phoneNumberId);
      return { ...caller, hosting_mode: number.hostingMode };
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await subscription?.stop();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  const call = async (method: "GET" | "POST" | "DELETE", url: string, payload?: object, token = ADMIN_TOKEN) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json<Json>() };
  };

  const newTenant = async (name: string) => {
    const created = await call("POST", "/admin/v1/tenants", {
      name,
      phone_numbers: [{ display_phone_number: "+1 555 010 0100", hosting_mode: "cloud", catalog_id: "demo-catalog" }],
    });
    expect(created.status).toBe(201);
    return created.body as {
      tenant_id: string;
      business_id: string;
      access_token: string;
      phone_numbers: { id: string; hosting_mode: string; processors: string[] }[];
    };
  };

  const addNumber = async (tenantId: string, businessId: string, number: object) =>
    call("POST", `/admin/v1/tenants/${tenantId}/business_accounts/${businessId}/phone_numbers`, number);

  const changeHosting = (tenantId: string, businessId: string, phoneNumberId: string, body: object) =>
    call(
      "POST",
      `/admin/v1/tenants/${tenantId}/business_accounts/${businessId}/phone_numbers/${phoneNumberId}/hosting`,
      { reason: "moving the number", changed_by: "ops@example.com", ...body },
    );

  async function eventsFor(phoneNumberId: string, atLeast: number) {
    const deadline = Date.now() + 30_000;
    while (hostingEvents.filter((e) => e.key === phoneNumberId).length < atLeast) {
      if (Date.now() > deadline) throw new Error(`fewer than ${atLeast} hosting events for ${phoneNumberId}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Let any (wrong) extra event arrive before the caller counts.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return hostingEvents.filter((e) => e.key === phoneNumberId);
  }

  it("builds tenant → business → number → token, and the token reaches only its own business", async () => {
    const tenant = await newTenant("Acme Retail");
    expect(tenant.tenant_id).toMatch(/^tn_[0-9]+$/);
    expect(tenant.phone_numbers[0]?.processors).toEqual(["business", "meta"]);
    const listed = await call("GET", "/admin/v1/tenants");
    expect((listed.body.data as { id: string; kind: string }[]).find((t) => t.id === tenant.tenant_id)?.kind).toBe(
      "enterprise",
    );

    const wabaUrl = `/admin/v1/tenants/${tenant.tenant_id}/business_accounts`;
    const waba = await call("POST", wabaUrl, { name: "Acme Outlet" });
    expect(waba.status).toBe(201);
    const again = await call("POST", wabaUrl, { name: "Acme Outlet" });
    expect(again.body.id).toBe(waba.body.id);
    const wabas = await call("GET", wabaUrl);
    expect((wabas.body.data as { id: string }[]).map((b) => b.id).sort()).toEqual(
      [tenant.business_id, String(waba.body.id)].sort(),
    );

    const businessId = String(waba.body.id);
    const number = await addNumber(tenant.tenant_id, businessId, {
      display_phone_number: "+1 555 020 0200",
      hosting_mode: "bsp",
      bsp_name: "acme-bsp",
    });
    expect(number.status).toBe(201);
    expect(number.body).toMatchObject({
      hosting_mode: "bsp",
      encryption_state: "provider_accessible",
      processors: ["business", "meta", "bsp:acme-bsp"],
    });
    const sameNumber = await addNumber(tenant.tenant_id, businessId, {
      display_phone_number: "+1 555 020 0200",
      hosting_mode: "bsp",
      bsp_name: "acme-bsp",
    });
    expect(sameNumber.body.id).toBe(number.body.id);

    const tokensUrl = `${wabaUrl}/${businessId}/access_tokens`;
    const issued = await call("POST", tokensUrl);
    expect(issued.status).toBe(201);
    const token = String(issued.body.access_token);

    const own = await call("GET", `/probe/${number.body.id}`, undefined, token);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ tenantId: tenant.tenant_id, businessId, hosting_mode: "bsp" });
    // The tenant's other business account's number is out of this token's reach, as Meta refuses it.
    const otherBusiness = await call("GET", `/probe/${tenant.phone_numbers[0]?.id}`, undefined, token);
    expect(otherBusiness.status).toBe(400);
    expect(otherBusiness.body.error).toMatchObject({ code: 100, error_subcode: 33, type: "GraphMethodException" });

    const tokenList = await call("GET", tokensUrl);
    expect(tokenList.body.data).toEqual([expect.objectContaining({ id: issued.body.id, revoked: false })]);
    expect(JSON.stringify(tokenList.body)).not.toContain(token);

    expect((await call("DELETE", `${tokensUrl}/${issued.body.id}`)).body).toEqual({ success: true });
    const revoked = await call("GET", `/probe/${number.body.id}`, undefined, token);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error?.code).toBe(190);
    expect((await call("DELETE", `${tokensUrl}/${issued.body.id}`)).body).toEqual({ success: true });
    expect((await call("GET", tokensUrl)).body.data).toEqual([expect.objectContaining({ revoked: true })]);
    expect((await call("DELETE", `${tokensUrl}/123456789`)).body.error?.error_subcode).toBe(33);
    // The tenant's original token still works for its own number.
    expect((await call("GET", `/probe/${tenant.phone_numbers[0]?.id}`, undefined, tenant.access_token)).status).toBe(
      200,
    );
  });

  it("refuses business tokens, wrong admin tokens and another tenant's objects on every admin route", async () => {
    const a = await newTenant("Tenant A");
    const b = await newTenant("Tenant B");
    const numberA = a.phone_numbers[0]?.id ?? "";
    const biz = `/admin/v1/tenants/${a.tenant_id}/business_accounts/${a.business_id}`;
    const routes: ["GET" | "POST" | "DELETE", string, object?][] = [
      [
        "POST",
        "/admin/v1/tenants",
        { name: "x", phone_numbers: [{ display_phone_number: "+15550100", hosting_mode: "cloud" }] },
      ],
      ["GET", "/admin/v1/tenants"],
      ["POST", `/admin/v1/tenants/${a.tenant_id}/business_accounts`, { name: "y" }],
      ["GET", `/admin/v1/tenants/${a.tenant_id}/business_accounts`],
      ["POST", `${biz}/phone_numbers`, { display_phone_number: "+15550999", hosting_mode: "cloud" }],
      ["GET", `${biz}/phone_numbers`],
      [
        "POST",
        `${biz}/phone_numbers/${numberA}/hosting`,
        { hosting_mode: "on_premises", reason: "r", changed_by: "c" },
      ],
      ["POST", `${biz}/access_tokens`],
      ["GET", `${biz}/access_tokens`],
      ["DELETE", `${biz}/access_tokens/123456789`],
    ];
    for (const [method, url, payload] of routes) {
      for (const token of [a.access_token, "wrong-admin-token-0123456789abcdef", ""]) {
        const refused = await call(method, url, payload, token);
        expect(refused.status, `${method} ${url}`).toBe(401);
        expect(refused.body.error?.code).toBe(190);
      }
    }
    // Tenant B's path with tenant A's business: unknown object, and nothing about A leaks.
    const crossed = `/admin/v1/tenants/${b.tenant_id}/business_accounts/${a.business_id}`;
    for (const [method, url, payload] of [
      ["GET", `${crossed}/phone_numbers`],
      ["POST", `${crossed}/phone_numbers`, { display_phone_number: "+15550998", hosting_mode: "cloud" }],
      [
        "POST",
        `${crossed}/phone_numbers/${numberA}/hosting`,
        { hosting_mode: "on_premises", reason: "r", changed_by: "c" },
      ],
      ["POST", `${crossed}/access_tokens`],
      ["GET", `${crossed}/access_tokens`],
    ] as const) {
      const refused = await call(method, url, payload);
      expect(refused.status, `${method} ${url}`).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 100, error_subcode: 33, type: "GraphMethodException" });
    }
    // B's business with A's number id: unknown object, number unchanged.
    const foreignNumber = await changeHosting(b.tenant_id, b.business_id, numberA, { hosting_mode: "on_premises" });
    expect(foreignNumber.body.error?.error_subcode).toBe(33);
    expect((await call("GET", `${biz}/phone_numbers`)).body.data).toEqual([
      expect.objectContaining({ id: numberA, hosting_mode: "cloud" }),
    ]);
    // Nothing was created by any refused request.
    expect(((await call("GET", `/admin/v1/tenants/${a.tenant_id}/business_accounts`)).body.data as []).length).toBe(1);
    expect(((await call("GET", `${biz}/access_tokens`)).body.data as []).length).toBe(1);
  });

  it("publishes exactly one hosting event with the from and to snapshots", async () => {
    const tenant = await newTenant("Hosting Co");
    const numberId = tenant.phone_numbers[0]?.id ?? "";
    const changed = await changeHosting(tenant.tenant_id, tenant.business_id, numberId, {
      hosting_mode: "on_premises",
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      success: true,
      changed: true,
      from: { hosting_mode: "cloud", encryption_state: "provider_accessible" },
      to: { hosting_mode: "on_premises", encryption_state: "end_to_end", processors: ["business"] },
      phone_number: { hosting_mode: "on_premises", hosting_change_pending: false },
    });
    const [only, ...extra] = await eventsFor(numberId, 1);
    expect(extra).toEqual([]);
    expect(only?.tenantId).toBe(tenant.tenant_id);
    expect(only?.data).toMatchObject({
      tenantId: tenant.tenant_id,
      businessId: tenant.business_id,
      phoneNumberId: numberId,
      from: { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] },
      to: { hostingMode: "on_premises", encryptionState: "end_to_end", processors: ["business"] },
      reason: "moving the number",
      changedBy: "ops@example.com",
    });
    expect(only?.data.changedAtMs).toBeGreaterThan(0);

    // The same change again is a no-op; an invalid one is refused. Neither publishes.
    const repeat = await changeHosting(tenant.tenant_id, tenant.business_id, numberId, { hosting_mode: "on_premises" });
    expect(repeat.body).toMatchObject({ success: true, changed: false });
    const invalid = await changeHosting(tenant.tenant_id, tenant.business_id, numberId, { hosting_mode: "bsp" });
    expect(invalid.body.error?.code).toBe(131009);
    expect(await eventsFor(numberId, 1)).toHaveLength(1);
    const stored = await call(
      "GET",
      `/admin/v1/tenants/${tenant.tenant_id}/business_accounts/${tenant.business_id}/phone_numbers`,
    );
    expect(stored.body.data).toEqual([
      expect.objectContaining({ hosting_mode: "on_premises", processors: ["business"] }),
    ]);
  });

  it("lets exactly one of concurrent changes from the same state win", async () => {
    const tenant = await newTenant("Race Co");
    const numberId = tenant.phone_numbers[0]?.id ?? "";
    const scope = { tenantId: tenant.tenant_id, businessId: tenant.business_id };
    // The store's conditional write itself, raced ten ways from the same observed state.
    const targets = ["on_premises", "bsp"] as const;
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const mode = targets[i % 2] ?? "on_premises";
        return tenancy.admin.changeHosting(scope, numberId, {
          changeId: `race-${i}`,
          from: { hostingMode: "cloud", processors: ["business", "meta"] },
          to: { hostingMode: mode, processors: mode === "bsp" ? ["business", "meta", "bsp:acme"] : ["business"] },
          reason: "race",
          changedBy: "test",
          changedAtMs: Date.now(),
        });
      }),
    );
    expect(attempts.filter(Boolean)).toHaveLength(1);
    const winner = attempts.indexOf(true);
    const number = await tenancy.callers.phoneNumber(scope, numberId);
    expect(number?.pendingHostingChange?.changeId).toBe(`race-${winner}`);
    expect(number?.hostingMode).toBe(targets[winner % 2]);
  });

  it("answers concurrent API changes with one event per from-state and a 409 for a lost race", async () => {
    const tenant = await newTenant("Race API Co");
    const numberId = tenant.phone_numbers[0]?.id ?? "";
    const results = await Promise.all([
      changeHosting(tenant.tenant_id, tenant.business_id, numberId, { hosting_mode: "on_premises" }),
      changeHosting(tenant.tenant_id, tenant.business_id, numberId, { hosting_mode: "bsp", bsp_name: "acme" }),
      changeHosting(tenant.tenant_id, tenant.business_id, numberId, { hosting_mode: "on_premises" }),
    ]);
    for (const result of results) {
      if (result.status !== 200) expect(result.body.error).toMatchObject({ code: 100, type: "OAuthException" });
      expect([200, 409]).toContain(result.status);
    }
    const changed = results.filter((r) => r.status === 200 && r.body.changed === true);
    expect(changed.length).toBeGreaterThanOrEqual(1);
    const events = await eventsFor(numberId, changed.length);
    expect(events).toHaveLength(changed.length);
    // Each event starts where the previous ended: no two changes claimed the same from-state.
    const chain = events.map((e) => [e.data.from?.hostingMode, e.data.to?.hostingMode]);
    expect(chain[0]?.[0]).toBe("cloud");
    for (let i = 1; i < chain.length; i += 1) expect(chain[i]?.[0]).toBe(chain[i - 1]?.[1]);
    const froms = events.map((e) => JSON.stringify(e.data.from));
    expect(new Set(froms).size).toBe(froms.length);
    const stored = await tenancy.callers.phoneNumber(
      { tenantId: tenant.tenant_id, businessId: tenant.business_id },
      numberId,
    );
    expect(stored?.hostingMode).toBe(chain.at(-1)?.[1]);
    expect(stored?.pendingHostingChange ?? undefined).toBeUndefined();
  });
});
