// Vitest global setup for integration and e2e tests: finds the servers the tests run against and
// hands their addresses to every test file (see server-source.ts for the order of preference).
// There is no skip path: if no source works the setup throws and the run fails, on CI and
// everywhere else. The only module of this package that reads process.env.
import { ensureDevstack } from "@switchboard/devstack";
import type { TestProject } from "vitest/node";
import { dockerEngineAnswers } from "./docker-engine.ts";
import { chooseServerSource } from "./server-source.ts";
import "./test-servers.ts";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const source = chooseServerSource({
    envNamesBoth: Boolean(process.env.KAFKA_BROKERS && process.env.MONGODB_URI),
    dockerEngine: await dockerEngineAnswers(),
  });
  if (source === "containers") {
    const { startContainerServers } = await import("./container-servers.ts");
    const servers = await startContainerServers();
    project.provide("kafkaBrokers", servers.kafkaBrokers);
    project.provide("mongodbUri", servers.mongodbUri);
    return () => servers.stop();
  }
  const stack = await ensureDevstack({ log: (line) => console.log(`[devstack] ${line}`) });
  project.provide("kafkaBrokers", stack.kafkaBrokers);
  project.provide("mongodbUri", stack.mongodbUri);
  return undefined;
}
