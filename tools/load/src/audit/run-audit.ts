// `./run audit`: the numbered loss/duplicate audit under faults. On a private dev stack (its own
// Kafka and store, so breaking them disturbs nothing else), two instances of every service, the
// audit's own Meta (fake-meta.ts) and the business's receiver, it sends N numbered messages —
// half signed inbound webhooks, half business sends that Meta then reports sent, delivered and
// read — while fault-schedule.ts kills, restarts, stalls and pauses everything in turn. Then it
// waits for the platform to drain and checks every party's records (audit-checks.ts). Prints the
// figures, writes audit.json and audit.md, exits 1 on any failure. A tool, not a test; the CI
// runs its short mode from test/e2e.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_ROOT, type RunningPlatform, startPlatform } from "@switchboard/cli/platform";
import { startPrivateDevstack, stopPrivateDevstack } from "@switchboard/devstack/private-devstack";
import { createKafkaEventBus, createLogger, EventHandlers } from "@switchboard/kit";
import { MessageStatusChangedEvent } from "@switchboard/proto";
import { MongoClient } from "mongodb";
import { countedSoFar, scanCountedMessages } from "../counted-messages.ts";
import { createLagSampler } from "../lag-sampler.ts";
import { gitCommit, machineInfo } from "../machine-info.ts";
import { auditMessages } from "../message-audit.ts";
import { sentMessageId } from "../platform-requests.ts";
import { signedInboundWebhook, signedStatusWebhook } from "../signed-inbound-webhook.ts";
import { type AuditedMessage, auditVerdict, type StatusChange } from "./audit-checks.ts";
import { deadLetterCounts, scanAuditMessages } from "./audit-evidence.ts";
import { parseAuditOptions, USAGE } from "./audit-options.ts";
import { auditReport } from "./audit-report.ts";
import { createAuditTenant } from "./audit-tenant.ts";
import { startBusinessReceiver } from "./business-receiver.ts";
import { startFakeMeta } from "./fake-meta.ts";
import { faultSchedule, type Instance, runFaults } from "./fault-schedule.ts";
import { createRetryingPoster } from "./retrying-poster.ts";

const options = parseAuditOptions(process.argv.slice(2));
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const log = (line: string) => console.log(`audit: ${line}`);
const started = new Date();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Ports far from the shared dev stack's (39092/39093/37017), so both can run at once.
const instance = {
  stateDir: join(REPO_ROOT, ".devstack-audit"),
  ports: { kafka: 49092, kafkaController: 49093, mongo: 47117 },
};
await stopPrivateDevstack(instance);
rmSync(instance.stateDir, { recursive: true, force: true });
log("starting a private Kafka and store (.devstack-audit)");
const stack = await startPrivateDevstack({ instance, log: (line) => log(`devstack: ${line}`) });

const tag = randomBytes(3).toString("hex");
const namespace = `audit_${tag}`;
const adminToken = randomBytes(24).toString("hex");
const appSecret = randomBytes(24).toString("hex");
const receiverSecret = randomBytes(24).toString("hex");
const verifyToken = randomBytes(12).toString("hex");
const deadline = Date.now() + (options.messages / options.rate) * 1000 + 30 * 60_000;

let ingressUrls: string[] = [];
const poster = createRetryingPoster({
  baseUrls: () => ingressUrls,
  concurrency: 256,
  timeoutMs: 10_000,
  deadlineMs: deadline,
});
const numbers = new Map<string, { id: string; displayPhoneNumber: string }>();
let businessId = "";
const meta = await startFakeMeta({
  slowMs: 20_000,
  onAccepted: (send) => {
    const number = numbers.get(send.phoneNumberId);
    if (!number) return;
    // Meta's reports follow the answer by a moment, each retried until the platform takes it.
    void (async () => {
      for (const status of ["sent", "delivered", "read"] as const) {
        await sleep(150);
        const { body, headers } = signedStatusWebhook(appSecret, {
          businessId,
          number,
          metaId: send.metaId,
          recipient: send.to.replace(/^\+/, ""),
          status,
          // Meta echoes what the send carried: how the platform attributes a lost answer's reports.
          bizOpaqueCallbackData: send.bizOpaqueCallbackData,
        });
        await poster.post({ path: "/webhooks/meta", headers, body });
      }
    })();
  },
});
const receiver = await startBusinessReceiver(verifyToken);

const sessionTimeout = { KAFKA_CONSUMER_SESSION_TIMEOUT_MS: "10000" };
let exitCode = 1;
let platform: RunningPlatform | undefined;
let stopObserver = async () => {};
try {
  const logDir = join(REPO_ROOT, ".devstack-audit", "logs");
  const running = await startPlatform({
    kafkaBrokers: stack.kafkaBrokers,
    mongodbUri: stack.mongodbUri,
    namespace,
    adminToken,
    logDir,
    logLevel: "warn",
    upstreamAppSecret: appSecret,
    replicas: 2,
    readyTimeoutMs: 180_000,
    // A killed instance's partitions stall until the broker evicts it: 10 s instead of the
    // default 30 s, so the run spends its time on recovery rather than on waiting for it.
    serviceEnv: {
      conversation: sessionTimeout,
      analytics: sessionTimeout,
      catalog: sessionTimeout,
      ingress: {
        ...sessionTimeout,
        UPSTREAM_CHANNEL: "cloud_api",
        UPSTREAM_CLOUD_API_BASE_URL: meta.baseUrl,
        UPSTREAM_CLOUD_API_TOKEN: "audit-installation-token",
      },
    },
  });
  platform = running;
  ingressUrls = running.replicas.ingress.map((r) => `http://127.0.0.1:${r.httpPort}`);

  const statusChanges: StatusChange[] = [];
  const observerBus = await createKafkaEventBus({
    brokers: stack.kafkaBrokers.split(","),
    clientId: "audit-observer",
    source: "/switchboard/audit",
    topicPrefix: `${namespace}.`,
    partitions: 3,
    logger: createLogger({ service: "audit-observer", level: "fatal" }),
  });
  const observer = await observerBus.subscribe({
    groupId: "audit-observer",
    handlers: new EventHandlers().on(MessageStatusChangedEvent, async (e) => {
      statusChanges.push({
        messageId: e.data.messageId,
        previousStatus: e.data.previousStatus,
        status: e.data.status,
        errorsJson: e.data.errorsJson,
      });
    }),
  });
  stopObserver = async () => {
    await observer.stop().catch(() => {});
    await observerBus.close().catch(() => {});
  };

  const tenant = await createAuditTenant({
    ingressUrl: running.ingressUrl,
    adminToken,
    numbers: 8,
    receiver: { callbackUrl: receiver.callbackUrl, verifyToken, appSecret: receiverSecret },
  });
  businessId = tenant.businessId;
  for (const n of tenant.numbers) numbers.set(n.id, n);
  const customers = Math.max(10, Math.min(1_000, Math.floor(options.messages / 20)));
  const numberOf = (customer: number) =>
    tenant.numbers[customer % tenant.numbers.length] as { id: string; displayPhoneNumber: string };
  const waIdOf = (customer: number) => `1555${String(customer).padStart(7, "0")}`;

  const messages: AuditedMessage[] = [];
  const post = async (i: number) => {
    // The first message of every customer is theirs, so every send is inside the 24-hour window.
    const inbound = i < customers || i % 2 === 0;
    const customer = i < customers ? i : i % customers;
    const number = numberOf(customer);
    const message: AuditedMessage = inbound
      ? { marker: `audit-in:${i}`, direction: "inbound", messageId: `wamid.AUDIT${tag}${i}`, accepted: false }
      : { marker: `audit-out:${i}`, direction: "outbound", messageId: undefined, accepted: false };
    messages.push(message);
    if (inbound) {
      const { body, headers } = signedInboundWebhook(appSecret, {
        businessId: tenant.businessId,
        number,
        from: waIdOf(customer),
        name: `Customer ${customer}`,
        messageId: message.messageId as string,
        text: `hello ${message.marker}`,
      });
      const answer = await poster.post({ path: "/webhooks/meta", headers, body });
      message.accepted = answer.status === 200;
      return;
    }
    const answer = await poster.post({
      path: `/v23.0/${number.id}/messages`,
      headers: {
        authorization: `Bearer ${tenant.accessToken}`,
        "content-type": "application/json",
        "idempotency-key": `audit-${tag}-${i}`,
      },
      body: JSON.stringify({
        messaging_product: "whatsapp",
        to: `+${waIdOf(customer)}`,
        type: "text",
        text: { body: `reply ${message.marker}` },
      }),
    });
    message.messageId = answer.status === 200 ? sentMessageId(answer.body) : undefined;
    message.accepted = message.messageId !== undefined;
  };

  log(`warm-up: ${customers} customers write first`);
  await Promise.all(Array.from({ length: customers }, (_, i) => post(i)));
  log(`load: ${options.messages - customers} more messages at ${options.rate}/s while faults run`);
  const instances: Instance[] = (["conversation", "analytics", "catalog", "ingress"] as const).flatMap((service) =>
    running.replicas[service].map((replica) => ({
      label: replica.label,
      kill: () => replica.current().kill(),
      start: () => replica.restart(),
      pause: () => replica.current().pause(),
      resume: () => replica.current().resume(),
    })),
  );
  const pausable = instances.find((i) => i.label === "conversation-1") ?? (instances[0] as Instance);
  const faults = runFaults(
    faultSchedule(
      { storeStallMs: 15_000, consumerPauseMs: 40_000, outageMs: 10_000 },
      instances,
      options.mode === "full",
    ),
    { instances, pausable, kafka: stack.kafka, store: stack.mongo, receiver, meta },
    3_000,
    log,
  );
  const loadStart = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = customers; i < options.messages; i++) {
    const due = loadStart + ((i - customers) / options.rate) * 1000;
    if (due > Date.now()) await sleep(due - Date.now());
    inFlight.push(post(i));
  }
  await Promise.all(inFlight);
  log("load done; waiting for the fault schedule to finish");
  const faultRecords = await faults;
  await poster.idle();

  log(`draining (at most ${options.drainSeconds} s)`);
  const lags = await createLagSampler(stack.kafkaBrokers, namespace, { watchGroup: false });
  const drainDeadline = Date.now() + options.drainSeconds * 1000;
  let drained = false;
  let lastLag: Record<string, number> = {};
  while (Date.now() < drainDeadline) {
    const sample = await lags.sample().catch(() => undefined);
    if (sample) lastLag = Object.fromEntries(sample);
    if (sample && [...sample.values()].every((lag) => lag === 0)) {
      drained = true;
      break;
    }
    await sleep(1_000);
  }
  await lags.close();
  // Meta's last reports and the business webhooks settle after the lag is 0: deliveries wait in
  // the store (retried with backoff), not on a topic, so the wait is on the store's pending
  // deliveries (a slow round is not a quiet one), then until nothing new arrived for 20 s (Meta's
  // last statuses make new deliveries).
  await poster.idle();
  const mongo = await MongoClient.connect(stack.mongodbUri);
  const deliveriesPending = () =>
    mongo
      .db(`${namespace}_ingress`)
      .collection("pending_deliveries")
      .countDocuments({ state: "pending" })
      .catch(() => Number.NaN);
  const received = () => [...receiver.messages.values(), ...receiver.statuses.values()].reduce((sum, n) => sum + n, 0);
  const settleDeadline = Date.now() + options.drainSeconds * 1000;
  let pendingAtEnd = Number.NaN;
  // Every 5 s: on FerretDB the count scans the collection, and the delivery rounds share the store.
  for (let last = -1, quietSince = Date.now(); Date.now() < settleDeadline; await sleep(5_000)) {
    pendingAtEnd = await deliveriesPending();
    const now = received();
    if (now !== last || pendingAtEnd !== 0) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= 20_000) break;
  }
  log(`webhook deliveries still pending in the store: ${pendingAtEnd}`);

  const conversationDb = mongo.db(`${namespace}_conversation`);
  const analyticsDb = mongo.db(`${namespace}_analytics`);
  const stored = await scanAuditMessages(conversationDb, tenant.tenantId);
  const storedAndCounted = auditMessages({
    accepted: messages
      .filter((m) => m.accepted)
      .map((m) => ({ messageId: m.messageId as string, direction: m.direction, acceptedAtMs: 0, step: 0 })),
    stored: stored.map((m) => ({ messageId: m.messageId, direction: m.direction, createdAtMs: 0 })),
    counted: await scanCountedMessages(analyticsDb, tenant.tenantId),
    rollupTotal: await countedSoFar(analyticsDb, tenant.tenantId),
    threads: customers,
    benchInboundPrefix: `wamid.AUDIT${tag}`,
  });
  await mongo.close();
  const deadLetters = await deadLetterCounts(stack.kafkaBrokers, namespace);
  const verdict = auditVerdict({
    messages,
    stored,
    metaAccepted: meta.accepted,
    webhookMessages: receiver.messages,
    webhookStatuses: receiver.statuses,
    statusChanges,
    storedAndCounted,
    deadLetters,
  });
  const run = {
    date: started.toISOString(),
    commit: gitCommit(REPO_ROOT),
    machine: machineInfo(),
    mode: options.mode,
    messages: options.messages,
    rate: options.rate,
    drained,
    lagAtEnd: lastLag,
    webhookDeliveriesPendingAtEnd: pendingAtEnd,
    deadLetters: Object.fromEntries(deadLetters),
    faults: faultRecords,
    client: poster.stats(),
    meta: { refused: meta.refused() },
    receiver: { refused: receiver.refused() },
    verdict,
  };
  const dir = resolve(process.cwd(), options.out, `${run.date.slice(0, 10)}-${run.commit.replace(/[^0-9a-z]/gi, "")}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "audit.json"), `${JSON.stringify(run, null, 2)}\n`);
  const report = auditReport(run);
  writeFileSync(join(dir, "audit.md"), report);
  console.log(`\n${report}`);
  console.log(`audit: ${join(dir, "audit.json")}`);
  exitCode = verdict.passed && drained ? 0 : 1;
} finally {
  await stopObserver();
  await platform?.stop().catch(() => {});
  await Promise.all([meta.close(), receiver.close()]);
  await stack.stop();
  if (!options.keepState) rmSync(instance.stateDir, { recursive: true, force: true });
}
process.exit(exitCode);
