// Cross-tenant and cross-business probes on every HTTP route ingress serves, generated from the
// route table (route-table.ts): tenant A is a BSP with business accounts A1 and A2, tenant B has
// B1, each with data in every area. Every party's business token is sent at every other party's
// ids (threads, messages, media, webhooks, catalog, orders settings, analytics, templates,
// customers); business tokens at every admin route; the admin token at paths that pair one
// tenant with another tenant's business. Nothing of the target's comes back, nothing of it
// changes, no port is called in its scope. A route without an entry fails; the count is printed.
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, buildProbeWorld, type Party, type ProbeWorld } from "../support/probe-world.ts";
import { ADMIN_HEADERS, probeOrder, ROUTE_TABLE } from "../support/route-table.ts";
import { servedRoutes } from "../support/served-routes.ts";
import { probe } from "./probe-check.ts";

describe("cross-tenant and cross-business isolation on every HTTP route", () => {
  let world: ProbeWorld;
  let routes: string[];
  beforeAll(async () => {
    world = await buildProbeWorld();
    routes = probeOrder(servedRoutes(world.ingress.service.http));
  });

  it("has a probe for every route served", () => {
    expect(routes.filter((r) => !(r in ROUTE_TABLE))).toEqual([]);
  });

  it("gives no party anything of another's, and changes nothing of it", async () => {
    const { ingress, a1, a2, b1 } = world;
    const parties = [a1, a2, b1];
    const pairs = parties.flatMap((actor) =>
      parties.filter((t) => t !== actor).map((target) => [actor, target] as const),
    );
    const leaks: string[] = [];
    let probes = 0;
    const run = async (
      route: string,
      actor: Party | undefined,
      target: Party,
      headers: Record<string, string>,
      requests = ROUTE_TABLE[route]?.requests(actor ?? target, target) ?? [],
      mustRefuse = false,
    ) => {
      for (const request of requests) {
        const outcome = await probe({ ingress, actor, target, mustRefuse }, request, headers);
        probes += 1;
        for (const problem of outcome.problems)
          leaks.push(
            `${route} | ${actor?.name ?? "admin"} → ${target.name} | ${request.method} ${request.url.slice(0, 120)} | ${problem}`,
          );
      }
    };
    const subscriptionsBefore = await Promise.all(parties.map((p) => ingress.deps.webhookSubscriptions.get(p)));
    for (const route of routes) {
      const entry = ROUTE_TABLE[route];
      if (!entry) continue;
      switch (entry.auth) {
        case "business":
        case "business-self":
        case "probe":
          for (const [actor, target] of pairs) await run(route, actor, target, bearer(actor));
          break;
        case "admin":
          // A business token is never the operator's, whatever the path names.
          for (const [actor, target] of pairs) await run(route, actor, target, bearer(actor), undefined, true);
          // The operator's token with a path pairing tenant A with tenant B's business.
          if (entry.requests(b1, b1).some((r) => r.url.includes(`/business_accounts/${b1.businessId}`))) {
            const mixed = { ...b1, tenantId: a1.tenantId, name: "A-with-B1" };
            await run(route, undefined, b1, ADMIN_HEADERS, entry.requests(mixed, mixed), true);
          }
          break;
        case "upstream":
          // Meta's webhooks carry no tenant credentials; cross-tenant routing is probed in
          // upstream-isolation.test.ts.
          break;
      }
    }
    // The registration route is the caller's own: no one else's subscription changed.
    expect(await Promise.all(parties.map((p) => ingress.deps.webhookSubscriptions.get(p)))).toEqual(
      subscriptionsBefore,
    );
    console.log(
      `isolation: ${probes.toLocaleString("en-US")} HTTP probes over ${routes.length} routes, ${leaks.length} leaks`,
    );
    for (const leak of leaks.slice(0, 40)) console.log(`  ${leak}`);
    expect(leaks).toEqual([]);
  }, 300_000);

  // The control: the same requests with a party's own ids succeed, so the refusals above are about
  // ownership, not requests that would fail anyway. Run last: some of them delete.
  it("answers the same requests for the caller's own data", async () => {
    const { ingress, a1, b1 } = world;
    const failing: string[] = [];
    for (const route of routes) {
      const entry = ROUTE_TABLE[route];
      // The registration route calls the business's URL first (unreachable here, on purpose).
      if (!entry || entry.auth === "upstream" || route === "POST /v1/webhook-subscriptions") continue;
      const own = entry.auth === "admin" ? b1 : a1;
      const headers = entry.auth === "admin" ? ADMIN_HEADERS : bearer(own);
      const statuses: number[] = [];
      let last = "";
      for (const request of entry.requests(own, own)) {
        const json = request.body !== undefined && !Buffer.isBuffer(request.body);
        const response = await ingress.service.http.inject({
          method: request.method,
          url: request.url,
          headers: {
            ...headers,
            ...(request.contentType
              ? { "content-type": request.contentType }
              : json
                ? { "content-type": "application/json" }
                : {}),
          },
          ...(request.body === undefined
            ? {}
            : { payload: Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body) }),
        });
        statuses.push(response.statusCode);
        last = response.body.slice(0, 200);
      }
      if (!statuses.some((s) => s < 300)) failing.push(`${route}: ${statuses.join(",")} ${last}`);
    }
    expect(failing).toEqual([]);
  });
});
