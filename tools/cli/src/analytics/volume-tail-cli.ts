// `node tools/cli/src/analytics/volume-tail-cli.ts [--brokers 127.0.0.1:39092] [--prefix <topic
// prefix>] [--tenant <id>] [--rows 30] [--from-beginning]`
// A live table of the public analytics stream (switchboard.analytics.message-volume.v1): reads
// it with its own throwaway consumer group and redraws the newest rollups every second until
// Ctrl-C. Read-only: it never commits anything another reader depends on. Reaches a secured
// cluster with the services' KAFKA_SSL_* / KAFKA_SASL_* variables.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { cliKafkaSecurity, createKafkaEventBus, createLogger, EventHandlers } from "@switchboard/kit";
import { type MessageVolumeV1, MessageVolumeV1Event } from "@switchboard/proto";
import { emptyTail, foldVolume, renderTail } from "./volume-table.ts";

const { values } = parseArgs({
  options: {
    brokers: { type: "string", default: "127.0.0.1:39092" },
    prefix: { type: "string", default: "" },
    tenant: { type: "string", default: "" },
    rows: { type: "string", default: "30" },
    "from-beginning": { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
if (!(rows >= 1 && rows <= 1_000)) {
  process.stderr.write(
    "usage: volume-tail-cli [--brokers h:p] [--prefix p] [--tenant t] [--rows 1..1000] [--from-beginning]\n",
  );
  process.exit(2);
}

const logger = createLogger({ service: "volume-tail", level: "error" });
const bus = await createKafkaEventBus({
  brokers: values.brokers.split(","),
  clientId: "volume-tail",
  source: "/switchboard/cli/volume-tail",
  topicPrefix: values.prefix,
  partitions: 6,
  // KAFKA_SSL_* / KAFKA_SASL_*, as the services read them: the same tool works on a secured cluster.
  security: cliKafkaSecurity(process.env),
  logger,
});
const state = emptyTail();
const subscription = await bus.subscribe({
  groupId: `volume-tail-${randomUUID()}`,
  fromBeginning: values["from-beginning"],
  handlers: new EventHandlers().onBatch([MessageVolumeV1Event], async (events) => {
    for (const e of events) {
      const record = e.data as MessageVolumeV1;
      if (!values.tenant || record.tenant_id === values.tenant) foldVolume(state, record);
    }
    return [];
  }),
});
const draw = () => process.stdout.write(`\x1b[2J\x1b[H${renderTail(state, rows)}\n`);
const timer = setInterval(draw, 1_000);
let stopping = false;
process.once("SIGINT", () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  void subscription
    .stop()
    .then(() => bus.close())
    .finally(() => process.exit(0));
});
