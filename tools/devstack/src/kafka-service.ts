// The dev stack's Kafka: one KRaft broker+controller JVM on fixed loopback ports, its data under
// .devstack/kafka/data. Formats storage only once (meta.properties marks a formatted dir), so
// topics and committed offsets survive restarts.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEVSTACK_PORTS, type DevstackPaths } from "./devstack-paths.ts";
import { ensureKafkaJars } from "./kafka-jars.ts";
import {
  type KafkaListener,
  newKafkaClusterId,
  renderLog4j2Properties,
  renderServerProperties,
  type ScramCredential,
  scramFormatArgs,
} from "./kafka-properties.ts";
import type { ManagedService } from "./managed-service.ts";
import { probeKafka } from "./probes.ts";
import { runCommand } from "./run-command.ts";

export const KAFKA_BROKERS = `127.0.0.1:${DEVSTACK_PORTS.kafka}`;

/** What a private broker may add to the dev stack's (which uses none of it). */
export interface KafkaServiceOptions {
  readonly extraListeners?: readonly KafkaListener[];
  readonly extraProperties?: Readonly<Record<string, string>>;
  /** SCRAM users, written when the storage is formatted (first start): they exist before any client connects. */
  readonly scramCredentials?: readonly ScramCredential[];
}

export function kafkaService(
  paths: DevstackPaths,
  javaHome: string | null,
  log: (line: string) => void,
  options: KafkaServiceOptions = {},
): ManagedService {
  const { dir, dataDir } = paths.kafka;
  const serverProperties = join(dir, "server.properties");
  const log4jProperties = join(dir, "log4j2.properties");
  const java = javaHome === null ? "java" : join(javaHome, "bin", "java");
  const log4jFlag = `-Dlog4j2.configurationFile=${log4jProperties}`;

  const prepare = async () => {
    const libs = await ensureKafkaJars(paths.kafkaSourceDir, paths.cacheDir, log);
    const classpath = join(libs, "*"); // expanded by java itself, no shell involved
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      serverProperties,
      renderServerProperties({
        port: paths.ports.kafka,
        controllerPort: paths.ports.kafkaController,
        logDir: dataDir,
        ...(options.extraListeners === undefined ? {} : { extraListeners: options.extraListeners }),
        ...(options.extraProperties === undefined ? {} : { extraProperties: options.extraProperties }),
      }),
    );
    writeFileSync(log4jProperties, renderLog4j2Properties());
    if (!existsSync(join(dataDir, "meta.properties"))) {
      log("kafka: formatting storage (first run) ...");
      await runCommand(
        java,
        [
          log4jFlag,
          "-cp",
          classpath,
          "kafka.tools.StorageTool",
          "format",
          "-t",
          newKafkaClusterId(),
          "-c",
          serverProperties,
          "--standalone",
          ...scramFormatArgs(options.scramCredentials ?? []),
        ],
        { cwd: dir, timeoutMs: 120_000 },
      );
    }
    return {
      cmd: java,
      args: ["-Xmx512m", "-Djava.awt.headless=true", log4jFlag, "-cp", classpath, "kafka.Kafka", serverProperties],
      cwd: dir,
    };
  };

  return {
    name: "kafka",
    port: paths.ports.kafka,
    paths: paths.kafka,
    marker: serverProperties,
    prepare,
    probe: () => probeKafka([`127.0.0.1:${paths.ports.kafka}`], 2000),
    startTimeoutMs: 120_000,
    stopGraceMs: 30_000, // a controlled shutdown flushes logs; give it time before SIGKILL
  };
}
