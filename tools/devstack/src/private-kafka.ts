// A Kafka broker of its own (own state dir and ports, same cached jars as the dev stack) with
// listeners and settings the shared broker does not have: TLS, SASL/SCRAM, client certificates.
// For tests of the clients' security; the shared stack's broker is never touched. The PLAINTEXT
// listener stays (inter-broker traffic and the readiness probe use it).
import { readDevstackEnv } from "./devstack-env.ts";
import { devstackPaths } from "./devstack-paths.ts";
import { type KafkaServiceOptions, kafkaService } from "./kafka-service.ts";
import { ensureService, stopService } from "./managed-service.ts";

export interface PrivateKafkaOptions extends KafkaServiceOptions {
  readonly stateDir: string;
  /** The PLAINTEXT listener's and the controller's ports (extra listeners carry their own). */
  readonly ports: { readonly kafka: number; readonly kafkaController: number };
  readonly log?: (line: string) => void;
}

export interface PrivateKafka {
  /** host:port of the PLAINTEXT listener. */
  readonly plaintextBrokers: string;
  /** Where the broker writes its output, for a failing test's message. */
  readonly logFile: string;
  /** Graceful stop (SIGTERM, then SIGKILL after the grace); the data stays in the state dir. */
  stop(): Promise<void>;
}

export async function startPrivateKafka(options: PrivateKafkaOptions): Promise<PrivateKafka> {
  const log = options.log ?? (() => {});
  const env = readDevstackEnv();
  // The mongo port is part of an instance's shape but no FerretDB is started here.
  const paths = devstackPaths(env.cacheRoot, { stateDir: options.stateDir, ports: { ...options.ports, mongo: 0 } });
  const service = kafkaService(paths, env.javaHome, log, options);
  await ensureService(service, log);
  return {
    plaintextBrokers: `127.0.0.1:${options.ports.kafka}`,
    logFile: paths.kafka.logFile,
    async stop() {
      await stopService(service);
    },
  };
}
