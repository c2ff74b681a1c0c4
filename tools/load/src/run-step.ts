// One rate step against the platform: plans the step's customers, drives the open loop through
// ingress, keeps a ledger of every accepted message id (webhook ids the bench generated, send ids
// from `messages[0].id`), snapshots CPU around the load, then waits (bounded) until every consumer
// group's lag is 0. It must never compute report figures (step-figures.ts does) nor stop early on
// errors: an error is a figure.
import type { Pool } from "undici";
import { type CpuUsage, cpuBetween, cpuSnapshot } from "./cpu-sampler.ts";
import type { AcceptedMessage } from "./message-audit.ts";
import { type OpenLoopResult, runOpenLoop } from "./open-loop-driver.ts";
import { totalRequests } from "./open-loop-schedule.ts";
import type { Sample } from "./periodic-sampler.ts";
import { type BuiltRequest, sentMessageId } from "./platform-requests.ts";
import { type PlannedMessage, plannedMessage, planStep } from "./traffic-plan.ts";

export interface StepRun {
  index: number;
  rate: number;
  seconds: number;
  /** Epoch ms. */
  loadStartMs: number;
  loadEndMs: number;
  /** When every group's lag was first seen at 0 after the load; undefined if not within the bound. */
  drainedAtMs: number | undefined;
  result: OpenLoopResult;
  cpu: CpuUsage;
  accepted: AcceptedMessage[];
  /** Sends answered 2xx whose body had no message id (counted as accepted, not audited). */
  acceptedWithoutId: number;
}

export interface StepDeps {
  pool: Pool;
  /** One builder for the whole run, so inbound ids never repeat across steps. */
  build: (message: PlannedMessage) => BuiltRequest;
  pids: ReadonlyMap<string, number>;
  lagSamples: readonly Sample<Map<string, number>>[];
  maxOutstanding: number;
  timeoutMs: number;
  drainSeconds: number;
  messagesPerThread: number;
  /** First customer id of this step (steps use disjoint customers). */
  firstCustomer: number;
  log: (line: string) => void;
}

const epochNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitForDrain(
  lagSamples: readonly Sample<Map<string, number>>[],
  afterMs: number,
  boundSeconds: number,
): Promise<number | undefined> {
  const deadline = afterMs + boundSeconds * 1000;
  while (epochNow() < deadline) {
    const last = lagSamples.at(-1);
    if (last && last.atMs > afterMs && [...last.value.values()].every((lag) => lag === 0)) return last.atMs;
    await sleep(200);
  }
  return undefined;
}

export async function runStep(index: number, rate: number, seconds: number, deps: StepDeps): Promise<StepRun> {
  const schedule = { rate, durationMs: seconds * 1000 };
  const plan = planStep(totalRequests(schedule), deps.messagesPerThread, deps.firstCustomer);
  const planned: { direction: "inbound" | "outbound"; messageId: string | undefined }[] = [];
  const accepted: AcceptedMessage[] = [];
  let acceptedWithoutId = 0;
  deps.log(`step ${index + 1}: ${rate}/s for ${seconds} s, ${plan.customers} customers`);

  const cpuStart = cpuSnapshot(deps.pids);
  const loadStartMs = epochNow();
  const result = await runOpenLoop({
    pool: deps.pool,
    schedule,
    maxOutstanding: deps.maxOutstanding,
    timeoutMs: deps.timeoutMs,
    request: (i) => {
      const message = plannedMessage(plan, i);
      const built = deps.build(message);
      planned[i] = { direction: message.direction, messageId: built.messageId };
      return built.request;
    },
    onAccepted: (i, body, acceptedAtMs) => {
      const sent = planned[i];
      const messageId = sent?.messageId ?? sentMessageId(body);
      if (!sent || messageId === undefined) {
        acceptedWithoutId += 1;
        return;
      }
      accepted.push({ messageId, direction: sent.direction, acceptedAtMs, step: index });
    },
  });
  const loadEndMs = epochNow();
  const cpu = cpuBetween(cpuStart, cpuSnapshot(deps.pids));
  deps.log(`step ${index + 1}: ${result.accepted} accepted of ${result.offered}; waiting for consumer lag 0`);
  const drainedAtMs = await waitForDrain(deps.lagSamples, loadEndMs, deps.drainSeconds);
  return { index, rate, seconds, loadStartMs, loadEndMs, drainedAtMs, result, cpu, accepted, acceptedWithoutId };
}
