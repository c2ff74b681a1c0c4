// The faults the audit inflicts, in order, while numbered traffic flows: every service instance
// killed (SIGKILL) and restarted in turn, the broker restarted, the store restarted and stalled
// past the consumers' retry budget, a consumer paused past its session timeout (its partitions
// move to the other instance, and it wakes up mid-batch), the business's receiver down for a
// while, and Meta erroring, slow and losing answers. Each step says what it did and how long it
// took; the runner never stops on a fault that failed to apply — it records it, and the audit fails.

export interface Instance {
  readonly label: string;
  kill(): Promise<void>;
  start(): Promise<void>;
  pause(): void;
  resume(): void;
}

export interface FaultTargets {
  /** Every consumer-service and ingress instance, in the order they are killed. */
  instances: readonly Instance[];
  /** One consumer instance to pause past its session timeout. */
  pausable: Instance;
  kafka: { stop(): Promise<void>; start(): Promise<void> };
  store: { stop(): Promise<void>; start(): Promise<void>; pause(): void; resume(): void };
  receiver: { setFailing(failing: boolean): void };
  meta: { setFault(fault: "none" | "error" | "slow" | "lose-answer"): void };
}

export interface FaultStep {
  name: string;
  run(targets: FaultTargets): Promise<void>;
}

export interface FaultRecord {
  name: string;
  startedAtMs: number;
  tookMs: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ScheduleTimes {
  /** How long the store is stalled (SIGSTOP): longer than a consumer's retry budget. */
  storeStallMs: number;
  /** How long a consumer is paused: longer than its group session timeout. */
  consumerPauseMs: number;
  /** How long the receiver fails, and each Meta fault lasts. */
  outageMs: number;
}

/**
 * The schedule over `instances` (each service's instances, grouped by service): the first
 * instance of every service is killed early on, the others (full mode) after the other faults.
 */
export function faultSchedule(
  times: ScheduleTimes,
  instances: readonly { label: string }[],
  killEveryInstance: boolean,
): FaultStep[] {
  const killAndRestart = (label: string): FaultStep => ({
    name: `SIGKILL and restart ${label}`,
    async run({ instances }) {
      const instance = instances.find((i) => i.label === label);
      if (!instance) throw new Error(`no instance ${label}`);
      await instance.kill();
      await sleep(1_000);
      await instance.start();
    },
  });
  const metaFault = (fault: "error" | "slow" | "lose-answer"): FaultStep => ({
    name: `Meta: ${fault} for ${times.outageMs} ms`,
    async run({ meta }) {
      meta.setFault(fault);
      await sleep(times.outageMs);
      meta.setFault("none");
    },
  });
  // A label without a "-<n>" suffix is a service's first instance (start-platform.ts).
  const firsts = instances.filter((i) => !/-[0-9]+$/.test(i.label)).map((i) => killAndRestart(i.label));
  const others = instances.filter((i) => /-[0-9]+$/.test(i.label)).map((i) => killAndRestart(i.label));
  return [
    ...firsts,
    {
      name: `store stalled (SIGSTOP) for ${times.storeStallMs} ms`,
      async run({ store }) {
        store.pause();
        await sleep(times.storeStallMs);
        store.resume();
      },
    },
    metaFault("error"),
    {
      name: "Kafka broker restarted",
      async run({ kafka }) {
        await kafka.stop();
        await kafka.start();
      },
    },
    {
      name: `business receiver failing for ${times.outageMs} ms`,
      async run({ receiver }) {
        receiver.setFailing(true);
        await sleep(times.outageMs);
        receiver.setFailing(false);
      },
    },
    metaFault("slow"),
    {
      name: "store restarted",
      async run({ store }) {
        await store.stop();
        await store.start();
      },
    },
    {
      name: `a consumer paused (SIGSTOP) for ${times.consumerPauseMs} ms`,
      async run({ pausable }) {
        pausable.pause();
        await sleep(times.consumerPauseMs);
        pausable.resume();
      },
    },
    metaFault("lose-answer"),
    ...(killEveryInstance ? others : []),
  ];
}

/** Runs the steps one after another, `gapMs` apart; returns what each did. */
export async function runFaults(
  steps: readonly FaultStep[],
  targets: FaultTargets,
  gapMs: number,
  log: (line: string) => void,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  for (const step of steps) {
    await sleep(gapMs);
    const startedAtMs = Date.now();
    log(`fault: ${step.name}`);
    try {
      await step.run(targets);
      records.push({ name: step.name, startedAtMs, tookMs: Date.now() - startedAtMs });
    } catch (error) {
      log(`fault: ${step.name} FAILED: ${(error as Error).message}`);
      records.push({ name: step.name, startedAtMs, tookMs: Date.now() - startedAtMs, error: (error as Error).message });
    }
  }
  return records;
}
