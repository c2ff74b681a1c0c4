// A rolling restart under load, as Kubernetes does it: three conversation instances in one
// consumer group, each replaced in turn (SIGTERM → two-phase drain → a new process joins) while a
// producer keeps publishing. Every message must be stored exactly once and every thread must get
// exactly one hosting notice: the drain commits what it handled, the group hands the partitions
// over, and redeliveries (if any) are absorbed by deterministic ids.
import { freePort, type ServiceProcess, startServiceProcess } from "@switchboard/cli/platform";
import { connectMongo, createLogger, event } from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { InboundMessageReceivedEvent, threadKey } from "@switchboard/proto";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const INSTANCES = 3;
/** At least this many; the producer keeps going until the last replacement is done. */
const MESSAGES = 2_000;
const THREADS = 200;
/** ~200 messages/s offered: below what one instance stores, so the backlog stays small. */
const BATCH = 50;
const tenantId = "t-rolling";

function inbound(i: number) {
  const customer = `1666${String(i % THREADS).padStart(7, "0")}`;
  const thread = {
    tenantId,
    businessId: "b",
    phoneNumberId: "100200301",
    customerId: customer,
    customerWaId: customer,
  };
  return event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId,
    data: {
      thread,
      messageId: `wamid.rolling.${i}`,
      type: "text",
      messageJson: JSON.stringify({ text: { body: `m${i}` } }),
      sentAtMs: 1_700_000_000_000 + i,
      receivedAtMs: 1_700_000_000_000 + i,
      hosting: undefined,
      contactJson: "",
    },
  });
}

describe("conversation rolling restart under load", () => {
  const servers = testServers();
  const namespace = uniqueName("rolling");
  const kafka = useKafkaTestBus("rolling", { logger: createLogger({ service: "rolling-test", level: "warn" }) });
  const instances: (ServiceProcess | undefined)[] = [];
  let mongo: Connection;
  let started = 0;
  let aborted = false;

  const start = async () => {
    const httpPort = await freePort();
    return startServiceProcess({
      name: "conversation",
      logDir: `/tmp/switchboard-test-logs/${namespace}/instance-${started++}`,
      readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
      env: {
        KAFKA_BROKERS: servers.kafkaBrokers.join(","),
        MONGODB_URI: servers.mongodbUri,
        KAFKA_TOPIC_PREFIX: kafka.prefix,
        MONGODB_DATABASE: namespace,
        GRPC_PORT: String(await freePort()),
        HTTP_PORT: String(httpPort),
        METRICS_PORT: "0", // each process its own free metrics port (default 9464 would collide)
        LOG_LEVEL: "warn",
        // As in the manifests: the drain's hard bound, generous on a shared 2-core test box.
        SHUTDOWN_TIMEOUT_MS: "25000",
      },
    });
  };

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: namespace });
  });

  afterAll(async () => {
    aborted = true;
    await Promise.all(instances.map((i) => i?.stop()));
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  it("stores every message exactly once while each instance is replaced in turn", async () => {
    for (let i = 0; i < INSTANCES; i++) instances.push(await start());
    const messages = mongo.collection("messages");
    // Progress by the collection's size (inbound messages plus one notice per thread): a filtered
    // count scans every document on FerretDB, too slow to poll on a busy box. Exact checks at the end.
    const stored = () => messages.estimatedDocumentCount();

    // The load: batches published steadily for the whole restart, not all up front.
    let published = 0;
    let restarting = true;
    const load = (async () => {
      while ((published < MESSAGES || restarting) && !aborted) {
        const next = Array.from({ length: BATCH }, (_, j) => inbound(published + j));
        await kafka.bus.publish(next);
        published += next.length;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();

    const exitCodes: (number | null)[] = [];
    const storedAtEachRestart: number[] = [];
    const publishedAtEachRestart: number[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // As a Deployment with maxSurge 1, maxUnavailable 0: the new pod is ready before the old stops.
      const replacement = await start();
      exitCodes.push((await instances[i]?.stop()) ?? null);
      instances[i] = replacement;
      storedAtEachRestart.push(await stored());
      publishedAtEachRestart.push(published);
    }
    restarting = false;
    await load;
    const total = published;
    // The producer published during every replacement, and consumption went on meanwhile.
    for (let i = 1; i < INSTANCES; i++) {
      expect(publishedAtEachRestart[i]).toBeGreaterThan(publishedAtEachRestart[i - 1] ?? 0);
    }
    expect(storedAtEachRestart.at(-1)).toBeGreaterThan(storedAtEachRestart[0] ?? 0);
    // Every graceful stop finished its drain (exit 0, not the hard-timeout exit 1).
    expect(exitCodes).toEqual(Array(INSTANCES).fill(0));

    const deadline = Date.now() + 120_000;
    while ((await stored()) < total + THREADS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2_000));
    // Let any redelivered duplicates arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const ids = (
      await messages.find({ tenantId, direction: "inbound" }, { projection: { messageId: 1 } }).toArray()
    ).map((m) => m.messageId);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(await messages.countDocuments({ tenantId, direction: "system" })).toBe(THREADS);
  }, 300_000);
});
