// TLS and SASL options of every Kafka client a service opens (producer, consumers, admin share one
// client), built once at boot from config: the PEM files are read here, the SASL password is only
// handed to kafkajs. Without any of these variables the client is plaintext and anonymous (dev).
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
  if (problems.length > 0) throw new ConfigError(problems);

  const security: KafkaSecurity = {};
  const anyFile = files.ca !== undefined || files.cert !== undefined;
  if (anyFile) {
    security.ssl = {
      ...(files.ca === undefined ? {} : { ca: [readFileSync(files.ca, "utf8")] }),
      ...(files.cert === undefined ? {} : { cert: readFileSync(files.cert, "utf8") }),
      ...(files.key === undefined ? {} : { key: readFileSync(files.key, "utf8") }),
    };
  } else if (config.KAFKA_SSL === true) security.ssl = true;
  if (mechanism !== undefined && username !== undefined && password !== undefined) {
    security.sasl =
      mechanism === "plain"
        ? { mechanism: "plain", username, password }
        : mechanism === "scram-sha-256"
          ? { mechanism: "scram-sha-256", username, password }
          : { mechanism: "scram-sha-512", username, password };
  }
  return security;
}
