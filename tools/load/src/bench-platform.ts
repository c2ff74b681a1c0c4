// Benchmark (not a test) of the whole platform on this machine, `./run bench [--short] [...]`:
// dev stack + all four services in a fresh namespace, raw baselines first (plain HTTP handler,
// Kafka produce, store insertMany), then open-loop steps of mixed traffic through ingress, each
// followed by a bounded drain; finally an audit that every accepted message was stored and
// counted exactly once. Prints the step table and writes report.md + throughput.svg. Only
// `--short` (and `--assert`) turn a loss into a non-zero exit; it never asserts a throughput.
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { REPO_ROOT, startPlatform } from "@switchboard/cli/platform";
import { ensureDevstack } from "@switchboard/devstack";
import { MongoClient } from "mongodb";
import { Pool } from "undici";
import { backlogDrainFigures, countLoggedRejoins } from "./backlog-drain.ts";
import { httpBaseline } from "./baseline-http.ts";
import { rawProduceBaseline } from "./baseline-kafka.ts";
import { rawInsertBaseline } from "./baseline-store.ts";
import { parseBenchOptions, USAGE } from "./bench-options.ts";
import type { BenchRun } from "./bench-results.ts";
import { createBenchTenant } from "./bench-tenant.ts";
import { countedSoFar } from "./counted-messages.ts";
import { devstackPids } from "./cpu-sampler.ts";
import { createLagSampler } from "./lag-sampler.ts";
import { gitCommit, machineInfo } from "./machine-info.ts";
import { acceptedTimeline } from "./message-audit.ts";
import { dropNamespace } from "./namespace-cleanup.ts";
import { startPeriodicSampler } from "./periodic-sampler.ts";
import { requestBuilder } from "./platform-requests.ts";
import { auditVerdict, stepTable } from "./report-markdown.ts";
import { writeCpuProfileReport, writeReport } from "./report-writer.ts";
import { runAudit } from "./run-audit.ts";
import { runStep, type StepRun, waitForDrain } from "./run-step.ts";
import { type StoreSample, stepFigures, storeLatenciesByStep } from "./step-figures.ts";
import { scrapeStoreTime } from "./store-time.ts";
import { storedCount } from "./stored-messages.ts";

const options = parseBenchOptions(process.argv.slice(2));
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const log = (line: string) => console.error(`bench: ${line}`);
const started = new Date();
const runTag = Date.now().toString(36);
const namespace = `bench_${runTag}`;
const adminToken = `bench_${randomBytes(24).toString("hex")}`;
const appSecret = randomBytes(24).toString("hex");
const topRate = Math.max(...options.rates);
const AUDIT_SETTLE_MS = 30_000;

const stack = await ensureDevstack({ log: (line) => log(`devstack: ${line}`) });
const mongo = new MongoClient(stack.mongodbUri, { maxPoolSize: 8 });
await mongo.connect();

log(`baselines: plain handler at ${topRate}/s open loop + closed loop, Kafka produce, insertMany`);
const http = await httpBaseline({
  rate: topRate,
  seconds: options.baselineSeconds,
  connections: options.connections,
  maxOutstanding: options.maxOutstanding,
  timeoutMs: options.timeoutMs,
});
const produce = await rawProduceBaseline({ brokers: stack.kafkaBrokers, namespace, seconds: options.baselineSeconds });
const insert = await rawInsertBaseline({ client: mongo, namespace });

log(`starting the platform in namespace ${namespace}`);
const cpuProfileDir = options.cpuProfile ? resolve(process.cwd(), options.out, `cpu-profiles-${namespace}`) : undefined;
const platform = await startPlatform({
  ...(cpuProfileDir === undefined ? {} : { cpuProfileDir }),
  kafkaBrokers: stack.kafkaBrokers,
  mongodbUri: stack.mongodbUri,
  namespace,
  adminToken,
  upstreamAppSecret: appSecret,
  logLevel: "warn",
});
const stopAll = async () => {
  await platform.stop();
  if (!options.keepData) await dropNamespace(mongo, stack.kafkaBrokers, namespace).catch(() => {});
  await mongo.close();
};
process.once("SIGINT", () => {
  log("interrupted: stopping the platform");
  void stopAll().finally(() => process.exit(130));
});

let lossFree = true;
let reportDir: string | undefined;
try {
  const tenant = await createBenchTenant(platform.ingressUrl, adminToken, options.numbers);
  const conversationDb = mongo.db(`${namespace}_conversation`);
  const analyticsDb = mongo.db(`${namespace}_analytics`);
  const pids = new Map<string, number>([["bench", process.pid]]);
  for (const [name, service] of Object.entries(platform.services)) if (service.pid) pids.set(name, service.pid);
  for (const [name, pid] of devstackPids(join(REPO_ROOT, ".devstack"))) pids.set(name, pid);

  const lagReader = await createLagSampler(stack.kafkaBrokers, namespace);
  const lags = startPeriodicSampler(() => lagReader.sample(), { intervalMs: 1000 });
  const store = startPeriodicSampler<StoreSample>(
    async () => {
      const [count, counted] = await Promise.all([
        storedCount(conversationDb),
        countedSoFar(analyticsDb, tenant.tenantId),
      ]);
      return { ...count, counted };
    },
    { intervalMs: options.sampleMs },
  );
  const pool = new Pool(platform.ingressUrl, { connections: options.connections });
  const build = requestBuilder(tenant, appSecret, runTag);
  const steps: StepRun[] = [];
  let firstCustomer = 0;
  for (const [index, rate] of options.rates.entries()) {
    const step = await runStep(index, rate, options.seconds, {
      pool,
      build,
      pids,
      lagSamples: lags.samples,
      maxOutstanding: options.maxOutstanding,
      timeoutMs: options.timeoutMs,
      drainSeconds: options.drainSeconds,
      messagesPerThread: options.messagesPerThread,
      firstCustomer,
      log,
    });
    firstCustomer += Math.ceil((rate * options.seconds) / options.messagesPerThread) + 1;
    steps.push(step);
    log(`step ${index + 1}: ${step.drainedAtMs === undefined ? "NOT drained" : "drained"}`);
  }
  await pool.close();

  const drainStartMs = performance.timeOrigin + performance.now();
  log(`backlog: waiting up to ${options.finalDrainSeconds} s for every group's lag to reach 0 before the audit`);
  const drainedAtMs = await waitForDrain(lags.samples, drainStartMs, options.finalDrainSeconds);
  log(
    `backlog: ${drainedAtMs === undefined ? "NOT drained" : `drained in ${((drainedAtMs - drainStartMs) / 1000).toFixed(1)} s`}`,
  );

  const accepted = steps.flatMap((s) => s.accepted);
  log(`auditing ${accepted.length} accepted messages`);
  const benchInboundPrefix = `wamid.BENCH${runTag}`;
  const { audit, stored } = await runAudit({
    conversation: conversationDb,
    analytics: analyticsDb,
    tenantId: tenant.tenantId,
    accepted,
    benchInboundPrefix,
    // The drain already waited (bounded); this only leaves time for late replies and rollups to settle.
    deadlineMs: Date.now() + AUDIT_SETTLE_MS,
    log,
  });
  await Promise.all([store.stop(), lags.stop()]);
  await lagReader.close();
  const storeTime = await scrapeStoreTime(platform.metricsUrls);
  lossFree = audit.lossFree;

  const latencies = storeLatenciesByStep(acceptedTimeline(accepted, stored), store.samples);
  const benchIds = new Set(accepted.map((m) => m.messageId));
  const run: BenchRun = {
    date: started.toISOString(),
    commit: gitCommit(REPO_ROOT),
    machine: machineInfo(),
    namespace,
    mode: options.mode,
    connections: options.connections,
    maxOutstanding: options.maxOutstanding,
    numbers: options.numbers,
    storeSampleIntervalMs: store.meanIntervalMs(),
    steps: steps.map((step) =>
      stepFigures(step, {
        storeSamples: store.samples,
        lagSamples: lags.samples,
        latencies: latencies.get(step.index),
        replies: stored.filter(
          (m) =>
            m.direction === "inbound" &&
            !benchIds.has(m.messageId) &&
            !m.messageId.startsWith(benchInboundPrefix) &&
            m.createdAtMs >= step.loadStartMs &&
            m.createdAtMs < step.loadEndMs,
        ).length,
        drainSeconds: options.drainSeconds,
      }),
    ),
    baselines: { http, produce, insert },
    backlogDrain: backlogDrainFigures({
      startMs: drainStartMs,
      drainedAtMs,
      boundSeconds: options.finalDrainSeconds,
      storeSamples: store.samples,
      lagSamples: lags.samples,
      rejoins: countLoggedRejoins(platform.logDir),
    }),
    audit,
    storeTime,
    logDir: platform.logDir,
  };
  console.log(`\nplatform benchmark (${options.mode}), ${run.machine.cpus} CPUs, commit ${run.commit}\n`);
  console.log(stepTable(run));
  console.log(
    `\nbaselines: plain handler ${Math.round(http.closedLoop.requestsPerSecond)} req/s closed loop; Kafka produce ${Math.round(produce.messagesPerSecond)} msg/s; insertMany ${Math.round(insert.docsPerSecond)} docs/s`,
  );
  const drain = run.backlogDrain;
  console.log(
    `backlog: ${drain.drained ? `drained in ${drain.seconds.toFixed(1)} s` : "NOT drained"}, ${Math.round(drain.storedPerSecond)} stored/s, ${Math.round(drain.countedPerSecond)} counted/s meanwhile; group rejoins over the run: ${drain.rejoins ?? "unknown"}`,
  );
  console.log(
    `audit: ${auditVerdict(run)} (${accepted.length} accepted; ${audit.countedEvents} counted events incl. ${audit.storedReplies} simulator replies stored)`,
  );
  reportDir = writeReport(resolve(process.cwd(), options.out), run);
  console.log(`report: ${join(reportDir, "report.md")}`);
} finally {
  await stopAll();
}
// Profiles are written when the services exit, so they are read only now.
if (cpuProfileDir !== undefined && reportDir !== undefined) {
  console.log(`cpu profiles: ${writeCpuProfileReport(cpuProfileDir, reportDir)}`);
}
if (!lossFree && options.assertNoLoss) {
  console.error("bench: messages were lost (see the audit above)");
  process.exit(1);
}
