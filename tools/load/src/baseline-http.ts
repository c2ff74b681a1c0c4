// The HTTP ceiling, measured on the same machine in the same run: the do-nothing fastify handler of
// baseline-server.ts, under the same open-loop driver at the highest rate the platform gets, and
// under autocannon's closed loop (the most it can answer). It must never point at the platform.
import { Pool } from "undici";
import { startBaselineServer } from "./baseline-server.ts";
import { runOpenLoop } from "./open-loop-driver.ts";
import { runLoad } from "./run-autocannon.ts";

export interface HttpBaseline {
  openLoop: {
    rate: number;
    seconds: number;
    acceptedPerSecond: number;
    errors: number;
    p50Ms: number;
    p99Ms: number;
    p999Ms: number;
  };
  closedLoop: { connections: number; requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number };
}

const BODY = JSON.stringify({ messaging_product: "whatsapp", to: "+16505551234", type: "text", text: { body: "hi" } });

export async function httpBaseline(options: {
  rate: number;
  seconds: number;
  connections: number;
  maxOutstanding: number;
  timeoutMs: number;
}): Promise<HttpBaseline> {
  const server = await startBaselineServer();
  const pool = new Pool(server.url, { connections: options.connections });
  try {
    const open = await runOpenLoop({
      pool,
      schedule: { rate: options.rate, durationMs: options.seconds * 1000 },
      maxOutstanding: options.maxOutstanding,
      timeoutMs: options.timeoutMs,
      request: () => ({ path: "/v23.0/1/messages", headers: { "content-type": "application/json" }, body: BODY }),
    });
    const closed = await runLoad({
      name: "plain fastify, closed loop",
      url: `${server.url}/v23.0/1/messages`,
      connections: 50,
      durationSeconds: options.seconds,
      headers: { "content-type": "application/json" },
      body: BODY,
    });
    return {
      openLoop: {
        rate: options.rate,
        seconds: options.seconds,
        acceptedPerSecond: open.accepted / options.seconds,
        errors: [...open.errors.values()].reduce((sum, n) => sum + n, 0),
        p50Ms: open.latency.percentileMillis(0.5),
        p99Ms: open.latency.percentileMillis(0.99),
        p999Ms: open.latency.percentileMillis(0.999),
      },
      closedLoop: {
        connections: 50,
        requestsPerSecond: closed.requestsPerSecond,
        p50Ms: closed.p50Ms,
        p99Ms: closed.p99Ms,
        errors: closed.errors + closed.non2xx,
      },
    };
  } finally {
    await pool.close();
    await server.close();
  }
}
