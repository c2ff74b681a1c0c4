// Command-line flags of `./run bench` (node tools/load/src/bench-platform.ts), parsed once with
// node:util parseArgs and validated; `--short` switches the defaults to a quick CI-sized run that
// asserts nothing was lost. It must never read process.env.
import { parseArgs } from "node:util";

export interface BenchOptions {
  mode: "full" | "short";
  rates: number[];
  seconds: number;
  out: string;
  connections: number;
  maxOutstanding: number;
  timeoutMs: number;
  drainSeconds: number;
  /** Longest wait, after the last step, for the whole backlog to drain before the audit. */
  finalDrainSeconds: number;
  numbers: number;
  messagesPerThread: number;
  baselineSeconds: number;
  sampleMs: number;
  assertNoLoss: boolean;
  keepData: boolean;
  /** Profile every service process (V8 CPU profiles) and summarize them next to the report. */
  cpuProfile: boolean;
  help: boolean;
}

export const USAGE = `usage: ./run bench [--short] [--rates 250,500,1000] [--seconds 60] [--out bench-results]
  --short                 CI run: rates 200,400 for 10 s each, exits non-zero if a message was lost
  --rates LIST            offered rates in messages/s (default 250,500,1000,2000,4000)
  --seconds N             duration of each rate step (default 60; short: 10)
  --out DIR               where <date>-<commit>/report.md goes (default bench-results)
  --connections N         keep-alive connections to ingress (default 64)
  --max-outstanding N     requests in flight before new ones are dropped as errors (default 4096)
  --timeout-ms N          a request not answered by then is a timeout error (default 10000)
  --drain-seconds N       longest wait for consumer lag to reach 0 after a step (default 120)
  --final-drain-seconds N longest wait, after the last step, for the whole backlog to drain
                          before the audit (default 1200; short: 120)
  --numbers N             business numbers of the bench tenant (default 16)
  --messages-per-thread N about how many messages each customer thread gets per step (default 10)
  --baseline-seconds N    duration of the HTTP and Kafka baselines (default 10; short: 5)
  --sample-ms N           store count sampling interval (default 250; slower when a count is slow)
  --assert                also exit non-zero on loss in a full run
  --keep-data             keep the run's databases and topics (dropped by default)
  --cpu-profile           V8 CPU profile of each service; cpu-profile.md beside the report says
                          where each one's busy time went (for the store: SWITCHBOARD_FERRETDB_PPROF)
  --help                  this text`;

const positive = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return parsed;
};

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      short: { type: "boolean", default: false },
      rates: { type: "string" },
      seconds: { type: "string" },
      out: { type: "string", default: "bench-results" },
      connections: { type: "string" },
      "max-outstanding": { type: "string" },
      "timeout-ms": { type: "string" },
      "drain-seconds": { type: "string" },
      "final-drain-seconds": { type: "string" },
      numbers: { type: "string" },
      "messages-per-thread": { type: "string" },
      "baseline-seconds": { type: "string" },
      "sample-ms": { type: "string" },
      assert: { type: "boolean", default: false },
      "keep-data": { type: "boolean", default: false },
      "cpu-profile": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const short = values.short === true;
  const rates = (values.rates ?? (short ? "200,400" : "250,500,1000,2000,4000"))
    .split(",")
    .map((r) => positive("rates", r.trim(), 0));
  return {
    mode: short ? "short" : "full",
    rates,
    seconds: positive("seconds", values.seconds, short ? 10 : 60),
    out: values.out ?? "bench-results",
    connections: Math.round(positive("connections", values.connections, 64)),
    maxOutstanding: Math.round(positive("max-outstanding", values["max-outstanding"], 4096)),
    timeoutMs: positive("timeout-ms", values["timeout-ms"], 10_000),
    drainSeconds: positive("drain-seconds", values["drain-seconds"], 120),
    finalDrainSeconds: positive("final-drain-seconds", values["final-drain-seconds"], short ? 120 : 1200),
    numbers: Math.round(positive("numbers", values.numbers, 16)),
    messagesPerThread: positive("messages-per-thread", values["messages-per-thread"], 10),
    baselineSeconds: positive("baseline-seconds", values["baseline-seconds"], short ? 5 : 10),
    sampleMs: positive("sample-ms", values["sample-ms"], 250),
    assertNoLoss: short || values.assert === true,
    keepData: values["keep-data"] === true,
    cpuProfile: values["cpu-profile"] === true,
    help: values.help === true,
  };
}
