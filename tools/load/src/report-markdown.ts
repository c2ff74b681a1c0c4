// Renders a run's figures as markdown: the step table that is also printed to stdout, and the full
// report.md (machine, steps, CPU, lag, baselines, ratios, the audit and how each figure is taken).
// Pure: it must never measure, and never round a figure so far that a regression disappears.
import type { BenchRun, StepFigures } from "./bench-results.ts";
import { storeTimeTable } from "./store-time.ts";

const n = (value: number | undefined, digits = 0) =>
  value === undefined || !Number.isFinite(value)
    ? "–"
    : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (value: number | undefined) => n(value, value !== undefined && value < 10 ? 2 : 1);
const ratio = (value: number, base: number) => (base > 0 ? `${n((value / base) * 100, 1)} %` : "–");
const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const header = (cells: readonly string[]) =>
  [row(cells), row(cells.map((_, i) => (i === 0 ? "---" : "---:")))].join("\n");

function errors(step: StepFigures): string {
  const entries = Object.entries(step.errors).filter(([, count]) => count > 0);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return total === 0 ? "0" : `${n(total)} (${entries.map(([kind, count]) => `${kind}: ${n(count)}`).join(", ")})`;
}

const MAIN_GROUPS = ["conversation", "analytics", "ingress-upstream"] as const;

export function stepTable(run: BenchRun): string {
  return [
    header([
      "offered/s",
      "accepted/s",
      "errors",
      "accept p50 / p99 / p99.9 ms",
      "stored/s",
      "counted/s",
      "sim. replies/s",
      "accept→stored p50 / p99 ms",
      "drain s",
      `max lag (${MAIN_GROUPS.join(" / ")})`,
    ]),
    ...run.steps.map((s) =>
      row([
        n(s.offered / s.seconds),
        n(s.acceptedPerSecond),
        errors(s),
        `${ms(s.acceptP50Ms)} / ${ms(s.acceptP99Ms)} / ${ms(s.acceptP999Ms)}`,
        n(s.storedPerSecond),
        n(s.countedPerSecond),
        n(s.repliesPerSecond, 1),
        `${ms(s.storeP50Ms)} / ${ms(s.storeP99Ms)}${s.storeUnpaired > 0 ? ` (${n(s.storeUnpaired)} unpaired)` : ""}`,
        s.drainSeconds === undefined ? "not drained" : n(s.drainSeconds, 1),
        MAIN_GROUPS.map((g) => n(s.maxLag[g])).join(" / "),
      ]),
    ),
  ].join("\n");
}

function cpuTable(run: BenchRun): string {
  const names = [...new Set(run.steps.flatMap((s) => Object.keys(s.cpuCores)))];
  return [
    header(["offered/s", ...names, "machine busy"]),
    ...run.steps.map((s) =>
      row([n(s.rate), ...names.map((name) => n(s.cpuCores[name], 2)), `${n(s.machineBusy * 100)} %`]),
    ),
  ].join("\n");
}

function lagTable(run: BenchRun): string {
  const groups = [...new Set(run.steps.flatMap((s) => Object.keys(s.maxLag)))];
  return [
    header(["offered/s", ...groups]),
    ...run.steps.map((s) => row([n(s.rate), ...groups.map((g) => n(s.maxLag[g]))])),
  ].join("\n");
}

function baselineTable(run: BenchRun): string {
  const { http, produce, insert } = run.baselines;
  return [
    header(["baseline (same machine, same run)", "throughput", "latency p50 / p99 / p99.9 ms"]),
    row([
      `plain fastify handler, open loop at ${n(http.openLoop.rate)}/s for ${n(http.openLoop.seconds)} s`,
      `${n(http.openLoop.acceptedPerSecond)} req/s (${n(http.openLoop.errors)} errors)`,
      `${ms(http.openLoop.p50Ms)} / ${ms(http.openLoop.p99Ms)} / ${ms(http.openLoop.p999Ms)}`,
    ]),
    row([
      `plain fastify handler, closed loop (autocannon, ${http.closedLoop.connections} connections)`,
      `${n(http.closedLoop.requestsPerSecond)} req/s`,
      `${ms(http.closedLoop.p50Ms)} / ${ms(http.closedLoop.p99Ms)} / –`,
    ]),
    row([
      `raw Kafka produce, acks=all, idempotent, 1 in flight, batches of ${produce.batchSize} × ${n(produce.messageBytes)} B`,
      `${n(produce.messagesPerSecond)} msg/s (${n(produce.megabytesPerSecond, 1)} MB/s)`,
      "–",
    ]),
    row([
      `raw insertMany, ${n(insert.docs)} docs of ~1 KB in batches of ${n(insert.batchSize)}`,
      `${n(insert.docsPerSecond)} docs/s`,
      "–",
    ]),
  ].join("\n");
}

function ratioTable(run: BenchRun): string {
  const { http, produce, insert } = run.baselines;
  return [
    header([
      "offered/s",
      "accepted/s ÷ plain handler (closed-loop max)",
      "accepted/s ÷ raw produce",
      "stored/s ÷ raw insertMany",
      "counted/s ÷ raw insertMany",
      "accept p99 ÷ plain handler p99 (open loop)",
    ]),
    ...run.steps.map((s) =>
      row([
        n(s.rate),
        ratio(s.acceptedPerSecond, http.closedLoop.requestsPerSecond),
        ratio(s.acceptedPerSecond, produce.messagesPerSecond),
        ratio(s.storedPerSecond, insert.docsPerSecond),
        ratio(s.countedPerSecond, insert.docsPerSecond),
        http.openLoop.p99Ms > 0 ? `${n(s.acceptP99Ms / http.openLoop.p99Ms, 1)}×` : "–",
      ]),
    ),
  ].join("\n");
}

/**
 * The audit's one-line verdict. A gap found while the backlog was still draining is reported as
 * unsettled, not as a loss: the messages were accepted into Kafka and are on their way.
 */
export function auditVerdict(run: Pick<BenchRun, "audit" | "backlogDrain">): string {
  if (run.audit.lossFree) return "Nothing lost";
  const what = run.audit.failures.join("; ");
  return run.backlogDrain.drained
    ? `LOSS: ${what}`
    : `NOT SETTLED (the backlog had not drained within ${n(run.backlogDrain.seconds)} s): ${what}`;
}

function backlogSection(run: BenchRun): string {
  const b = run.backlogDrain;
  const lag = Object.entries(b.startLag)
    .filter(([, events]) => events > 0)
    .map(([group, events]) => `${group} ${n(events)}`)
    .join(", ");
  return [
    `- Lag left by the last step (events): ${lag || "none"}.`,
    `- ${b.drained ? `Drained in ${n(b.seconds, 1)} s` : `**Not drained** within ${n(b.seconds)} s`}: ${n(b.stored)} messages stored (${n(b.storedPerSecond)}/s) and ${n(b.counted)} counted (${n(b.countedPerSecond)}/s) meanwhile.`,
    `- Consumer group rejoins logged by the services over the whole run (an eviction is one): ${b.rejoins === undefined ? "unknown (logs unreadable)" : n(b.rejoins)}.`,
  ].join("\n");
}

function auditSection(run: BenchRun): string {
  const a = run.audit;
  const lines = [
    `- **${auditVerdict(run)}**. ${n(a.benchInbound)} inbound webhooks and ${n(a.benchOutbound)} sends accepted by ingress; ${n(a.notStored)} not stored, ${n(a.storedTwice)} stored more than once, ${n(a.notCounted)} not counted by analytics, ${n(a.countedTwice)} counted more than once.`,
    `- Analytics rollups total ${n(a.rollupTotal)}; counted events ${n(a.countedEvents)} (bench messages + simulator replies counted so far).`,
    `- Also stored: ${n(a.storedSystem)} system notices for ${n(a.threads)} threads (stored/s assumes one per thread), ${n(a.storedReplies)} simulator replies, ${n(a.storedUnexpected)} messages the bench did not see accepted (e.g. answered with an error after Kafka had them).`,
  ];
  if (a.missingExamples.length > 0) lines.push(`- Missing, for example: ${a.missingExamples.join(", ")}`);
  return lines.join("\n");
}

const METHOD = `- **Open loop**: requests leave on a fixed timetable (request i at i / rate), never waiting for responses; latency runs from the *scheduled* time, so queueing in ingress or a starved load generator counts (no coordinated omission). "driver late p99" in the step details shows how far the generator itself fell behind. Requests beyond the outstanding cap are not sent and count as errors.
- **Traffic**: 50/50 signed upstream webhooks (customer text, X-Hub-Signature-256) and business sends; a pool of customers walked round-robin gives ~10 messages per thread; a send to a customer who has not written yet is a template, later ones are text inside the open 24 h window. The upstream simulator answers every send with statuses and sometimes a customer reply: those replies are real inbound messages the platform stores and counts, so stored/s and counted/s include them ("sim. replies/s" shows how many).
- **stored/s, counted/s**: the difference of the running counts over the load window. Stored = conversation's \`messages\` minus \`threads\` (each thread has exactly one system notice), read with \`$collStats\` count (on FerretDB every filtered count scans the collection; \`estimatedDocumentCount\` scans too). Counted = the sum of analytics' rollups (tools/load/src/counted-messages.ts mirrors that schema).
- **accept→stored latency** is a FIFO approximation: the n-th message accepted (bench messages by their 2xx time, replies by their stored creation time) is taken to be stored when the stored count first reached n. Resolution is the sampling interval; it measures the latency of the count, not of individual messages.
- **Drain**: after the load, the time until every consumer group's lag on this run's topics is 0. Lag = high watermark − committed offset, via the Kafka admin API.
- **CPU**: utime + stime from /proc/<pid>/stat over the load window, in cores (1.00 = one core busy).
- **Backlog drain**: after the last step's bounded drain, the bench waits (up to \`--final-drain-seconds\`) until every group's lag is 0 again; stored/s and counted/s here are over that wait. Rejoins are the services' "consumer rejoined its group" log lines.
- **Audit**: after the backlog drain, one scan of conversation's messages and analytics' counted events checks each id the bench got accepted (webhook ids it generated, \`messages[0].id\` of sends).`;

export function renderReport(run: BenchRun): string {
  const m = run.machine;
  return [
    `# Platform benchmark — ${run.date}, commit ${run.commit}`,
    "",
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${n(m.memoryGiB, 1)} GiB memory, Node ${m.node}, Linux ${m.kernel}. Kafka, the store (MongoDB wire) and all four services co-located with the load generator.`,
    "",
    `Mode ${run.mode}; namespace \`${run.namespace}\`; ${run.numbers} business numbers at 1,000 msg/s each; ${run.connections} keep-alive connections, at most ${run.maxOutstanding} requests outstanding; store counts sampled every ${n(run.storeSampleIntervalMs)} ms on average. Service logs: \`${run.logDir}\`.`,
    "",
    "Target (GitHub issue): ≥ 2,100 messages/s end to end (accepted → stored → counted) sustained ≥ 60 s, consumer lag bounded and drained after; ingress accept p99 ≤ 50 ms at 1,000/s.",
    "",
    "## Steps",
    "",
    stepTable(run),
    "",
    `Driver late p99 (ms) per step: ${run.steps.map((s) => `${n(s.rate)}/s: ${ms(s.driverLateP99Ms)}`).join(", ")}`,
    "",
    "## CPU per process (cores, average over the load)",
    "",
    cpuTable(run),
    "",
    "## Highest consumer lag per group (load + drain)",
    "",
    lagTable(run),
    "",
    "## Baselines",
    "",
    baselineTable(run),
    "",
    "## Platform ÷ baseline",
    "",
    ratioTable(run),
    "",
    "## Backlog drain after the last step (before the audit)",
    "",
    backlogSection(run),
    "",
    "## Audit",
    "",
    auditSection(run),
    "",
    "## Store time by collection (whole run, from each service's /metrics)",
    "",
    run.storeTime.length > 0
      ? storeTimeTable(run.storeTime, totalAccepted(run))
      : "No service answered /metrics at the end of the run.",
    "",
    "## How the figures are taken",
    "",
    METHOD,
    "",
    "![throughput](throughput.svg)",
    "",
  ].join("\n");
}

/** Messages accepted over every step: the denominator of store time per message. */
function totalAccepted(run: BenchRun): number {
  return run.steps.reduce((sum, step) => sum + step.accepted, 0);
}
