// MongoDB latency for every command the process's driver sends (`db.client.command.duration`,
// seconds, by command name and outcome), from the driver's command monitoring: it covers every
// store, traced with traceDb or not, and costs one histogram record per round trip.
import type { Connection } from "mongoose";
import { instrument } from "../telemetry/instrument.ts";
import { LATENCY_BUCKETS_S } from "../telemetry/prometheus-reader.ts";

const commandDuration = instrument((meter) =>
  meter.createHistogram("db.client.command.duration", {
    unit: "s",
    description: "MongoDB commands (round trips) by command name and outcome",
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_S },
  }),
);

interface CommandEvent {
  commandName: string;
  duration: number;
}

export function recordMongoCommands(connection: Connection): void {
  const client = connection.getClient();
  const record = (outcome: string) => (event: CommandEvent) =>
    commandDuration().record(event.duration / 1000, {
      "db.system.name": "mongodb",
      "db.operation.name": event.commandName,
      outcome,
    });
  client.on("commandSucceeded", record("ok"));
  client.on("commandFailed", record("error"));
}
