// The only place the dev stack reads process.env. Everything else receives a parsed DevstackEnv,
// so overrides are validated once and a bad value fails with the variable's name in the message.
import { formatHostPort, parseBrokerList, parseHostPort } from "./host-port.ts";

export interface DevstackEnv {
  /** KAFKA_BROKERS: use this Kafka instead of starting one (comma-separated host:port). */
  readonly kafkaBrokers: string | null;
  /** MONGODB_URI: use this MongoDB-compatible server instead of starting FerretDB. */
  readonly mongodbUri: string | null;
  /** SWITCHBOARD_CACHE: root of build caches; defaults to ~/.cache/switchboard. */
  readonly cacheRoot: string | null;
  /** JAVA_HOME: when set, `$JAVA_HOME/bin/java` runs Kafka instead of `java` from PATH. */
  readonly javaHome: string | null;
  /**
   * SWITCHBOARD_FERRETDB_PPROF: host:port on which a FerretDB the dev stack starts serves Go's
   * pprof endpoints, for a CPU profile of the store under load (off when unset).
   */
  readonly ferretdbPprof: string | null;
}

type RawEnv = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: RawEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? null : value;
}

export function parseDevstackEnv(env: RawEnv): DevstackEnv {
  const kafkaBrokers = nonEmpty(env, "KAFKA_BROKERS");
  if (kafkaBrokers !== null) {
    try {
      parseBrokerList(kafkaBrokers);
    } catch (error) {
      throw new Error(`KAFKA_BROKERS is invalid: ${(error as Error).message}`);
    }
  }
  const mongodbUri = nonEmpty(env, "MONGODB_URI");
  if (mongodbUri !== null && !/^mongodb(\+srv)?:\/\/./.test(mongodbUri)) {
    throw new Error(`MONGODB_URI is invalid: expected mongodb://host:port/ or mongodb+srv://..., got "${mongodbUri}"`);
  }
  const pprof = nonEmpty(env, "SWITCHBOARD_FERRETDB_PPROF");
  let ferretdbPprof: string | null = null;
  if (pprof !== null) {
    try {
      ferretdbPprof = formatHostPort(parseHostPort(pprof));
    } catch (error) {
      throw new Error(`SWITCHBOARD_FERRETDB_PPROF is invalid: ${(error as Error).message}`);
    }
  }
  return {
    kafkaBrokers,
    mongodbUri,
    cacheRoot: nonEmpty(env, "SWITCHBOARD_CACHE"),
    javaHome: nonEmpty(env, "JAVA_HOME"),
    ferretdbPprof,
  };
}

export function readDevstackEnv(): DevstackEnv {
  return parseDevstackEnv(process.env);
}
