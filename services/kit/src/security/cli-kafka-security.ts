// The Kafka TLS / SASL options of an operator's command-line tool (tools/cli) that reads topics
// itself: the same KAFKA_SSL_* / KAFKA_SASL_* variables a service reads, from the environment
// record the tool's entry point passes in, so a tool reaches a secured cluster the way services do.
import { z } from "zod";
import { loadConfig } from "../config/load-config.ts";
import { type KafkaSecurity, kafkaSecurityOf } from "./kafka-security.ts";
import { internalSecurityConfigShape as shape } from "./security-config.ts";

const cliKafkaSecuritySchema = z.object({
  KAFKA_SSL: shape.KAFKA_SSL,
  KAFKA_SSL_CA: shape.KAFKA_SSL_CA,
  KAFKA_SSL_CERT: shape.KAFKA_SSL_CERT,
  KAFKA_SSL_KEY: shape.KAFKA_SSL_KEY,
  KAFKA_SASL_MECHANISM: shape.KAFKA_SASL_MECHANISM,
  KAFKA_SASL_USERNAME: shape.KAFKA_SASL_USERNAME,
  KAFKA_SASL_PASSWORD: shape.KAFKA_SASL_PASSWORD,
});

export function cliKafkaSecurity(env: Readonly<Record<string, string | undefined>>): KafkaSecurity {
  return kafkaSecurityOf(loadConfig(cliKafkaSecuritySchema, env));
}
