// Where integration and e2e tests get their Kafka and MongoDB from, in order of preference:
// servers named by KAFKA_BROKERS / MONGODB_URI; containers when a Docker engine answers; the dev
// stack (real Kafka + FerretDB started from cached downloads) otherwise. Never "skip".
export type ServerSource = "dev stack" | "containers";

export function chooseServerSource(options: { envNamesBoth: boolean; dockerEngine: boolean }): ServerSource {
  // The dev stack honours KAFKA_BROKERS / MONGODB_URI itself (one or both), so env wins there.
  if (options.envNamesBoth) return "dev stack";
  return options.dockerEngine ? "containers" : "dev stack";
}
