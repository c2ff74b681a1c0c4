// Drives one open-loop step: requests leave on the fixed timetable of open-loop-schedule.ts over a
// keep-alive undici Pool, and each response's latency is taken from its *due* time. Requests that
// would exceed the outstanding cap are not sent and count as errors ("dropped"), so an overloaded
// server cannot slow the load down. It must never wait for a response before sending the next
// request, and never retry (a retry would hide an error and double-count an offer).
import type { Pool } from "undici";
import { Histogram } from "./histogram.ts";
import { dueAtMs, dueBy, type Schedule, totalRequests } from "./open-loop-schedule.ts";

export interface PlannedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface OpenLoopOptions {
  pool: Pool;
  schedule: Schedule;
  maxOutstanding: number;
  timeoutMs: number;
  /** Builds request i; called when it is due, so it must be cheap. */
  request(index: number): PlannedRequest;
  /** Called for every 2xx response with its body and the wall-clock time (epoch ms) it arrived. */
  onAccepted?(index: number, body: string, acceptedAtMs: number): void;
}

export interface OpenLoopResult {
  offered: number;
  accepted: number;
  /** Errors by kind: `http <status>`, `timeout`, `dropped (outstanding cap)`, or an error code. */
  errors: Map<string, number>;
  /** Due time → response, for 2xx responses. */
  latency: Histogram;
  /** Due time → handed to the pool: how far behind its own timetable the load generator ran. */
  lateness: Histogram;
  /** Start → last response, ms. */
  wallMs: number;
}

export const DROPPED = "dropped (outstanding cap)";

const epochNow = () => performance.timeOrigin + performance.now();

function errorKind(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const name = error instanceof Error ? error.name : "";
  if (["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_ABORTED", "ABORT_ERR"].includes(code))
    return "timeout";
  if (name === "TimeoutError" || name === "AbortError") return "timeout";
  return code || name || "error";
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { schedule } = options;
  const total = totalRequests(schedule);
  const result: OpenLoopResult = {
    offered: total,
    accepted: 0,
    errors: new Map(),
    latency: new Histogram(),
    lateness: new Histogram(),
    wallMs: 0,
  };
  const fail = (kind: string) => result.errors.set(kind, (result.errors.get(kind) ?? 0) + 1);
  let outstanding = 0;
  let allSent = false;
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const finishOne = () => {
    outstanding -= 1;
    if (allSent && outstanding === 0) settle();
  };

  const send = async (index: number, dueAt: number) => {
    const planned = options.request(index);
    result.lateness.recordMillis(performance.now() - dueAt);
    try {
      const response = await options.pool.request({
        method: "POST",
        path: planned.path,
        headers: planned.headers,
        body: planned.body,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        // Counts from the hand-over, so a request still queued for a connection times out too.
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const body = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) {
        result.latency.recordMillis(performance.now() - dueAt);
        result.accepted += 1;
        options.onAccepted?.(index, body, epochNow());
      } else {
        fail(`http ${response.statusCode}`);
      }
    } catch (error) {
      fail(errorKind(error));
    }
  };

  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = dueBy(schedule, performance.now() - start);
      for (; next < due; next += 1) {
        if (outstanding >= options.maxOutstanding) {
          fail(DROPPED);
          continue;
        }
        outstanding += 1;
        void send(next, start + dueAtMs(schedule, next)).finally(finishOne);
      }
      if (next >= total) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, start + dueAtMs(schedule, next) - performance.now()));
    };
    tick();
  });
  allSent = true;
  if (outstanding > 0) await settled;
  result.wallMs = performance.now() - start;
  return result;
}
