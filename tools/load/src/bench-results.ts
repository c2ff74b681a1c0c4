// The figures one `./run bench` produces, as plain data: what the report, the SVG plot and the
// console table are rendered from. Types only: it must never compute or print anything.

import type { HttpBaseline } from "./baseline-http.ts";
import type { ProduceBaseline } from "./baseline-kafka.ts";
import type { InsertBaseline } from "./baseline-store.ts";
import type { StoreTimeRow } from "./store-time.ts";

export interface StepFigures {
  rate: number;
  seconds: number;
  offered: number;
  accepted: number;
  acceptedPerSecond: number;
  /** Errors by kind (`http 429`, `timeout`, `dropped (outstanding cap)`, ...). */
  errors: Record<string, number>;
  acceptP50Ms: number;
  acceptP99Ms: number;
  acceptP999Ms: number;
  /** How late the load generator itself sent (p99): large values mean the bench was starved. */
  driverLateP99Ms: number;
  /** Inbound + outbound messages stored per second during the load (simulator replies included). */
  storedPerSecond: number;
  /** Messages counted by analytics per second during the load (simulator replies included). */
  countedPerSecond: number;
  /** Replies of the upstream simulator's customers accepted during the step, per second. */
  repliesPerSecond: number;
  /** Accept-to-stored latency (FIFO approximation), undefined when nothing was paired. */
  storeP50Ms: number | undefined;
  storeP99Ms: number | undefined;
  /** Bench messages of this step not paired with a stored count by the end of the run. */
  storeUnpaired: number;
  /** Highest lag per consumer group seen during the load and the drain. */
  maxLag: Record<string, number>;
  /** Seconds from the end of the load until every group's lag was 0; undefined if not within the bound. */
  drainSeconds: number | undefined;
  /** Cores used on average during the load, by process. */
  cpuCores: Record<string, number>;
  machineBusy: number;
}

export interface AuditFigures {
  benchInbound: number;
  benchOutbound: number;
  notStored: number;
  storedTwice: number;
  notCounted: number;
  countedTwice: number;
  storedSystem: number;
  storedReplies: number;
  /** Stored messages the bench did not see accepted (e.g. a 5xx after Kafka had it) nor replies. */
  storedUnexpected: number;
  rollupTotal: number;
  countedEvents: number;
  /** Threads stored; stored/s assumes one system notice per thread (compare storedSystem). */
  threads: number;
  /** Examples of missing ids, for the report. */
  missingExamples: string[];
  /** Each failed check in words; empty when nothing was lost. */
  failures: string[];
  lossFree: boolean;
}

export interface BacklogDrainFigures {
  /** Consumer lag per group when the drain began (right after the last step's bounded drain). */
  startLag: Record<string, number>;
  drained: boolean;
  /** Until every group's lag was 0, or the bound if it never was. */
  seconds: number;
  stored: number;
  counted: number;
  storedPerSecond: number;
  countedPerSecond: number;
  /** Consumer group rejoins the services logged over the whole run; undefined if the logs were unreadable. */
  rejoins: number | undefined;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kernel: string;
}

export interface BenchRun {
  date: string;
  commit: string;
  machine: MachineInfo;
  namespace: string;
  mode: "full" | "short";
  connections: number;
  maxOutstanding: number;
  numbers: number;
  storeSampleIntervalMs: number;
  steps: StepFigures[];
  baselines: { http: HttpBaseline; produce: ProduceBaseline; insert: InsertBaseline };
  /** The drain after the last step, before the audit. */
  backlogDrain: BacklogDrainFigures;
  audit: AuditFigures;
  /** Store time per service, collection and operation over the whole run (from each /metrics). */
  storeTime: StoreTimeRow[];
  logDir: string;
}
