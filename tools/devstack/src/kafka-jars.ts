// The Kafka broker's jars, resolved from Maven Central by tools/devstack/kafka/pom.xml and cached
// by that file's hash, so a version bump in the POM resolves a fresh set.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cacheKey } from "./cache-key.ts";
import { ensureCachedArtifact } from "./cached-artifact.ts";
import { runCommand } from "./run-command.ts";

const RESOLVE_TIMEOUT_MS = 15 * 60_000;

export function kafkaJarsKey(kafkaSourceDir: string): string {
  return cacheKey([{ name: "pom.xml", content: readFileSync(join(kafkaSourceDir, "pom.xml")) }]);
}

/** Returns the directory holding every runtime jar (use it as `<dir>/*` on the classpath). */
export function ensureKafkaJars(
  kafkaSourceDir: string,
  cacheDir: string,
  log: (line: string) => void,
): Promise<string> {
  return ensureCachedArtifact({
    cacheDir,
    name: "kafka-libs",
    key: kafkaJarsKey(kafkaSourceDir),
    log,
    lockTimeoutMs: RESOLVE_TIMEOUT_MS,
    build: async (outDir) => {
      await runCommand(
        "mvn",
        [
          "-q",
          "-B",
          "-f",
          join(kafkaSourceDir, "pom.xml"),
          "dependency:copy-dependencies",
          `-DoutputDirectory=${outDir}`,
          "-DincludeScope=runtime",
        ],
        { cwd: kafkaSourceDir, timeoutMs: RESOLVE_TIMEOUT_MS },
      );
    },
  });
}
