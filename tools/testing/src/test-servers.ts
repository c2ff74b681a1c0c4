// How a test file reaches the servers the global setup found or started.
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    kafkaBrokers: string;
    mongodbUri: string;
  }
}

export function testServers(): { kafkaBrokers: string[]; mongodbUri: string } {
  return { kafkaBrokers: inject("kafkaBrokers").split(","), mongodbUri: inject("mongodbUri") };
}
