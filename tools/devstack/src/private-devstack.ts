// A dev stack instance of its own (its own state dir and ports) for tools that break the servers
// on purpose: stop and restart the broker, restart or stall the store. The checkout's shared
// stack, which tests and benchmarks use at the same time, is never touched. The same builds and
// caches serve both, so a private instance starts in seconds once the shared one was built.

import { createDeclaredTopics } from "./declared-topics.ts";
import { readDevstackEnv } from "./devstack-env.ts";
import { type DevstackInstance, devstackPaths } from "./devstack-paths.ts";
import { kafkaService } from "./kafka-service.ts";
import { ensureService, type ManagedService, stopService } from "./managed-service.ts";
import { mongoService } from "./mongo-service.ts";
import { runningPid } from "./process-control.ts";

/** One server of the private stack, with the faults a test may inflict on it. */
export interface PrivateServer {
  readonly name: string;
  /** The server's pid, or null while it is stopped. */
  pid(): number | null;
  /** Graceful stop (SIGTERM, then SIGKILL after the server's grace). */
  stop(): Promise<void>;
  /** Starts it again with the same data; resolves once it answers its protocol. */
  start(): Promise<void>;
  /** SIGSTOP: the process keeps its sockets but answers nothing, like a stalled disk or a GC pause. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
}

export interface PrivateDevstack {
  readonly kafkaBrokers: string;
  readonly mongodbUri: string;
  readonly kafka: PrivateServer;
  readonly mongo: PrivateServer;
  /** Stops both servers (their data stays in the state dir). */
  stop(): Promise<void>;
}

function server(service: ManagedService, log: (line: string) => void): PrivateServer {
  const pid = () => runningPid(service.paths.pidFile, service.marker);
  const signal = (name: NodeJS.Signals) => {
    const current = pid();
    if (current === null) throw new Error(`${service.name} is not running`);
    process.kill(current, name);
  };
  return {
    name: service.name,
    pid,
    async stop() {
      await stopService(service);
    },
    async start() {
      await ensureService(service, log);
    },
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
  };
}

/** Stops an instance's servers left running by an earlier run (a crash), so its state can be reset. */
export async function stopPrivateDevstack(instance: DevstackInstance): Promise<void> {
  const env = readDevstackEnv();
  const paths = devstackPaths(env.cacheRoot, instance);
  await Promise.all([
    stopService(kafkaService(paths, env.javaHome, () => {})),
    stopService(mongoService(paths, () => {})),
  ]);
}

export async function startPrivateDevstack(options: {
  instance: DevstackInstance;
  log?: (line: string) => void;
}): Promise<PrivateDevstack> {
  const log = options.log ?? (() => {});
  const env = readDevstackEnv();
  const paths = devstackPaths(env.cacheRoot, options.instance);
  const kafka = server(kafkaService(paths, env.javaHome, log), log);
  const mongo = server(mongoService(paths, log), log);
  await Promise.all([kafka.start(), mongo.start()]);
  const kafkaBrokers = `127.0.0.1:${options.instance.ports.kafka}`;
  await createDeclaredTopics({ brokers: kafkaBrokers, log });
  return {
    kafkaBrokers,
    mongodbUri: `mongodb://127.0.0.1:${options.instance.ports.mongo}/`,
    kafka,
    mongo,
    async stop() {
      for (const s of [kafka, mongo]) {
        // A paused server cannot take SIGTERM's shutdown: let it run first.
        if (s.pid() !== null) s.resume();
      }
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}
