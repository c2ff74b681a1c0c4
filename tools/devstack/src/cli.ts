// `pnpm devstack up|down|status|logs [kafka|mongo]`: the dev stack by hand. Progress goes to
// stderr; `up` prints the env lines to use on stdout, so `eval "$(node .../cli.ts up)"` works.
import { devstackLogFiles, devstackStatus, ensureDevstack, type ServiceStatus, stopDevstack } from "./devstack.ts";
import { logTail } from "./log-tail.ts";

// kafkajs 2.2.4 schedules a negative timer on Node 24 (kafkajs issue #1751; Node clamps it to
// 1 ms, so it is harmless). Hide that one warning here, in the CLI only, and print the rest.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name !== "TimeoutNegativeWarning") console.error(`(warning) ${warning.name}: ${warning.message}`);
});

const USAGE = "usage: devstack up | down | status | logs [kafka|mongo]";
const progress = (line: string): void => console.error(`devstack: ${line}`);

async function up(): Promise<void> {
  const started = Date.now();
  const endpoints = await ensureDevstack({ log: progress });
  progress(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`KAFKA_BROKERS=${endpoints.kafkaBrokers}`);
  console.log(`MONGODB_URI=${endpoints.mongodbUri}`);
}

async function down(): Promise<void> {
  const stopped = await stopDevstack({ log: progress });
  for (const [name, pid] of Object.entries(stopped)) {
    console.log(`${name}: ${pid === null ? "was not running" : `stopped (pid ${pid})`}`);
  }
}

function describe(name: string, status: ServiceStatus): string {
  const owner = status.source === "env" ? "from env" : status.pid === null ? "not running" : `pid ${status.pid}`;
  const state = status.answering ? "answering" : `not answering (${status.detail ?? "unknown"})`;
  const log = status.logFile === null ? "" : `, log ${status.logFile}`;
  return `${name}: ${status.address} ${owner}, ${state}${log}`;
}

async function status(): Promise<void> {
  const current = await devstackStatus();
  console.log(describe("kafka", current.kafka));
  console.log(describe("mongo", current.mongo));
  if (!current.kafka.answering || !current.mongo.answering) process.exitCode = 1;
}

function logs(which: string | undefined): void {
  const files = devstackLogFiles();
  const names = which === undefined ? (["kafka", "mongo"] as const) : ([which] as const);
  for (const name of names) {
    if (name !== "kafka" && name !== "mongo") throw new Error(`unknown service "${name}"; ${USAGE}`);
    console.log(`--- ${name}: ${files[name]} ---`);
    console.log(logTail(files[name], 100));
  }
}

async function main(args: readonly string[]): Promise<void> {
  const [command, service] = args;
  switch (command) {
    case "up":
      return up();
    case "down":
      return down();
    case "status":
      return status();
    case "logs":
      return logs(service);
    default:
      throw new Error(USAGE);
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`devstack: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
