// TLS and SASL options of every Kafka client a service opens (producer, consumers, admin share one
// client), built once at boot from config: the PEM files are read here, the SASL password is only
// handed to kafkajs. Without any of these variables the client is plaintext and anonymous (dev).
// Proven against a broker with SASL_SSL (SCRAM) and mutual-TLS listeners: test/kafka-security.int.test.ts.
import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import type { SASLOptions } from "kafkajs";
import { ConfigError } from "../config/load-config.ts";
import type { InternalSecurityConfig } from "./security-config.ts";

export interface KafkaSecurity {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
}

type KafkaSecurityConfig = Pick<
  InternalSecurityConfig,
  | "KAFKA_SSL"
  | "KAFKA_SSL_CA"
  | "KAFKA_SSL_CERT"
  | "KAFKA_SSL_KEY"
  | "KAFKA_SASL_MECHANISM"
  | "KAFKA_SASL_USERNAME"
  | "KAFKA_SASL_PASSWORD"
>;

/** Reads the PEM files that are set; an unreadable one is a problem naming its variable. */
function readPemFiles(
  files: { ca: string | undefined; cert: string | undefined; key: string | undefined },
  problems: string[],
): ConnectionOptions {
  const read = (variable: string, path: string): string => {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      problems.push(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      return "";
    }
  };
  return {
    ...(files.ca === undefined ? {} : { ca: [read("KAFKA_SSL_CA", files.ca)] }),
    ...(files.cert === undefined ? {} : { cert: read("KAFKA_SSL_CERT", files.cert) }),
    ...(files.key === undefined ? {} : { key: read("KAFKA_SSL_KEY", files.key) }),
  };
}

export function kafkaSecurityOf(config: KafkaSecurityConfig): KafkaSecurity {
  const problems: string[] = [];
  const files = { ca: config.KAFKA_SSL_CA, cert: config.KAFKA_SSL_CERT, key: config.KAFKA_SSL_KEY };
  if ((files.cert === undefined) !== (files.key === undefined))
    problems.push("KAFKA_SSL_CERT: a client certificate needs KAFKA_SSL_KEY too (and the other way round)");
  const mechanism = config.KAFKA_SASL_MECHANISM;
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (mechanism !== undefined && (username === undefined || password === undefined))
    problems.push("KAFKA_SASL_MECHANISM: needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
  if (mechanism === undefined && (username !== undefined || password !== undefined))
    problems.push("KAFKA_SASL_USERNAME: set KAFKA_SASL_MECHANISM (scram-sha-256, scram-sha-512 or plain) too");
  const anyFile = files.ca !== undefined || files.cert !== undefined;
  // The files imply TLS; an explicit "off" beside them is a leftover that would connect with TLS anyway.
  if (anyFile && config.KAFKA_SSL === false)
    problems.push("KAFKA_SSL: is off, but KAFKA_SSL_CA / KAFKA_SSL_CERT turn TLS on; unset one or the other");
  const pem = readPemFiles(files, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const security: KafkaSecurity = {};
  if (anyFile) security.ssl = pem;
  else if (config.KAFKA_SSL === true) security.ssl = true;
  if (mechanism !== undefined && username !== undefined && password !== undefined) {
    // A fresh object per call: kafkajs caches its authenticator (bound to these credentials) on
    // the object it is given, so options spread from another client's would authenticate as it.
    security.sasl =
      mechanism === "plain"
        ? { mechanism: "plain", username, password }
        : mechanism === "scram-sha-256"
          ? { mechanism: "scram-sha-256", username, password }
          : { mechanism: "scram-sha-512", username, password };
  }
  return security;
}
