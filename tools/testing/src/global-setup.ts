// Vitest global setup for integration and e2e tests: finds the servers the tests run against and
// hands their addresses to every test file. KAFKA_BROKERS / MONGODB_URI win when set; otherwise
// the dev stack is started (real Kafka + FerretDB). There is no skip path: if neither works the
// setup throws and the run fails, on CI and everywhere else.
import { ensureDevstack } from "@switchboard/devstack";
import type { TestProject } from "vitest/node";
import "./test-servers.ts";

export default async function setup(project: TestProject): Promise<void> {
  const stack = await ensureDevstack({ log: (line) => console.log(`[devstack] ${line}`) });
  project.provide("kafkaBrokers", stack.kafkaBrokers);
  project.provide("mongodbUri", stack.mongodbUri);
}
