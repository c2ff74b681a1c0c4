import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DROPPED, runOpenLoop } from "./open-loop-driver.ts";

let server: Server;
let origin = "";

beforeAll(async () => {
  // /slow answers after 50 ms, /never not at all, anything else at once.
  server = createServer((request, response) => {
    request.resume();
    if (request.url === "/never") return;
    const answer = () => response.writeHead(request.url === "/fail" ? 503 : 200).end('{"ok":true}');
    if (request.url === "/slow") setTimeout(answer, 50);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const load = (path: string, options: { rate: number; ms: number; maxOutstanding: number; timeoutMs?: number }) => {
  const pool = new Pool(origin, { connections: 16 });
  const accepted: number[] = [];
  return runOpenLoop({
    pool,
    schedule: { rate: options.rate, durationMs: options.ms },
    maxOutstanding: options.maxOutstanding,
    timeoutMs: options.timeoutMs ?? 5_000,
    request: () => ({ path, headers: {}, body: "{}" }),
    onAccepted: (index) => accepted.push(index),
  }).then(async (result) => {
    await pool.close();
    return { result, accepted };
  });
};

describe("open-loop driver", () => {
  it("offers every scheduled request and reports each 2xx with its index", async () => {
    const { result, accepted } = await load("/", { rate: 200, ms: 250, maxOutstanding: 100 });
    expect(result.offered).toBe(50);
    expect(result.accepted).toBe(50);
    expect(new Set(accepted).size).toBe(50);
    expect(result.latency.count).toBe(50);
  });

  it("measures latency from the due time and drops what exceeds the outstanding cap", async () => {
    // 400/s against 50 ms answers needs ~20 in flight; the cap allows 4.
    const { result } = await load("/slow", { rate: 400, ms: 250, maxOutstanding: 4 });
    const dropped = result.errors.get(DROPPED) ?? 0;
    expect(result.offered).toBe(100);
    expect(dropped).toBeGreaterThan(50);
    expect(result.accepted + dropped).toBe(100);
    expect(result.latency.percentileMillis(0.5)).toBeGreaterThanOrEqual(49);
  });

  it("counts non-2xx answers by status and unanswered requests as timeouts", async () => {
    const failed = await load("/fail", { rate: 100, ms: 100, maxOutstanding: 100 });
    expect(failed.result.errors.get("http 503")).toBe(10);
    const silent = await load("/never", { rate: 100, ms: 50, maxOutstanding: 100, timeoutMs: 200 });
    expect(silent.result.errors.get("timeout")).toBe(5);
    expect(silent.result.accepted).toBe(0);
  });
});
