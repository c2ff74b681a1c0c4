// Hostile input on every HTTP route ingress serves and on Meta's webhook receiver: each route's
// well-formed requests (route-table.ts), mutated by fast-check into wrong types, huge strings,
// deep nesting, unicode edge cases, `$`/dotted/prototype keys, duplicate keys, truncated and slow
// bodies, wrong content types, hostile paths and queries, bad credentials, bad and replayed
// signatures. Every answer is below 500 and, when refused, Meta's error shape with nothing written
// to any store and nothing published. At least MIN_CASES cases run; the count is printed.
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, buildProbeWorld, type ProbeWorld } from "../support/probe-world.ts";
import { ADMIN_HEADERS, probeOrder, ROUTE_TABLE } from "../support/route-table.ts";
import { servedRoutes } from "../support/served-routes.ts";
import { applyMutation, mutationArb } from "./request-mutations.ts";
import { sendCase } from "./send-case.ts";

const MIN_CASES = 10_000;
const SEED = Date.now() % 2 ** 31;

describe("hostile input on every HTTP route", () => {
  let world: ProbeWorld;
  let routes: string[];
  let port: number;
  beforeAll(async () => {
    world = await buildProbeWorld();
    await world.ingress.service.http.listen({ port: 0, host: "127.0.0.1" });
    port = (world.ingress.service.http.server.address() as AddressInfo).port;
    routes = probeOrder(servedRoutes(world.ingress.service.http));
  });

  afterAll(() => world.ingress.service.http.close());

  it("has a generator for every route served, and none for a route that is gone", () => {
    console.log(`fuzz: routes served: ${routes.length}\n  ${routes.join("\n  ")}`);
    expect(routes.filter((r) => !(r in ROUTE_TABLE))).toEqual([]);
    expect(Object.keys(ROUTE_TABLE).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it("answers every case below 500, refusals in Graph's error shape with nothing stored or published", async () => {
    // Business routes act on A1's own data; admin routes on tenant B's, so a suspension or a
    // revocation they cause never locks A1 out of the cases after them.
    const { ingress, a1, b1 } = world;
    const perRoute = Math.ceil(MIN_CASES / routes.length);
    const failures = new Map<string, { count: number; example: string }>();
    const replayed = new Set<string>();
    let cases = 0;
    const slowest: [string, number][] = [];
    for (const [index, route] of routes.entries()) {
      const entry = ROUTE_TABLE[route];
      if (!entry) continue;
      const bases = entry.auth === "admin" ? entry.requests(b1, b1) : entry.requests(a1, a1);
      const headers = entry.auth === "admin" ? ADMIN_HEADERS : entry.auth.startsWith("business") ? bearer(a1) : {};
      const upstream = entry.auth === "upstream" && route.startsWith("POST");
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: bases.length - 1 }), mutationArb, async (pick, mutation) => {
          const base = bases[pick];
          if (!base) return;
          const request = applyMutation(base, headers, mutation);
          // The same signed body twice is Meta redelivering: the second must publish nothing new.
          const replayKey = upstream && mutation.kind === "none" ? `${pick}` : undefined;
          const outcome = await sendCase(ingress, port, request, {
            upstream,
            replay: replayKey !== undefined && replayed.has(replayKey),
            // Multipart over a socket always (inject never ends a cut multipart body); every
            // tenth other case too, so Node's own parser and limits are in the path.
            transport: base.contentType?.startsWith("multipart/") || cases % 10 === 0 ? "socket" : "inject",
          });
          if (replayKey !== undefined && outcome.statusCode === 200) replayed.add(replayKey);
          if (outcome.statusCode === 0) console.log(`fuzz: hung: ${route} ${JSON.stringify(mutation).slice(0, 300)}`);
          cases += 1;
          for (const problem of outcome.problems) {
            const key = `${route} | ${mutation.kind} | ${problem.replace(/[0-9]+/g, "N").slice(0, 160)}`;
            const seen = failures.get(key);
            if (seen) seen.count += 1;
            else
              failures.set(key, {
                count: 1,
                example: `${request.method} ${request.url.slice(0, 200)} ${(request.bytes ?? Buffer.alloc(0)).toString().slice(0, 300)}`,
              });
          }
        }),
        // One seed per route: the same seed everywhere would send every route the same cases.
        { numRuns: perRoute, seed: SEED + index },
      );
      slowest.push([route, Math.round(performance.now() - started)]);
    }
    const failed = [...failures.values()].reduce((n, f) => n + f.count, 0);
    console.log(
      `fuzz: ${cases.toLocaleString("en-US")} cases over ${routes.length} routes, ${failed} failures (seed ${SEED})`,
    );
    console.log(
      `fuzz: slowest routes (ms): ${slowest
        .sort((x, y) => y[1] - x[1])
        .slice(0, 5)
        .map(([r, ms]) => `${r} ${ms}`)
        .join("; ")}`,
    );
    for (const [key, { count, example }] of failures) console.log(`  ${count}× ${key}\n     e.g. ${example}`);
    expect(cases).toBeGreaterThanOrEqual(MIN_CASES);
    expect([...failures.keys()]).toEqual([]);
    // Generous: 10,000 cases take well under a minute alone, much longer on a shared, busy machine.
  }, 900_000);
});
