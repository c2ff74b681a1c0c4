// Kafka TLS and SASL/SCRAM against a real broker with such listeners (a private one: see
// support/secured-kafka.ts). The client is built the way every service builds it: the KAFKA_SSL_* /
// KAFKA_SASL_* variables parsed by the shared schema, resolved by internalSecurityOf, handed to
// createKafkaEventBus. With the right credentials an event goes through and back; a wrong password
// is refused at once with the broker's authentication error; a client that does not speak TLS, or
// does not trust the broker's CA, or has no client certificate where one is required, is refused.
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import kafkajs from "kafkajs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../src/config/load-config.ts";
import { type EventBus, event } from "../src/events/event-bus.ts";
import { EventHandlers } from "../src/events/event-handlers.ts";
import { createKafkaEventBus } from "../src/events/kafka-event-bus.ts";
import { internalSecurityOf } from "../src/security/internal-security.ts";
import { internalSecurityConfigShape } from "../src/security/security-config.ts";
import { acceptedMessage } from "./support/event-fixtures.ts";
import { type SecuredKafka, startSecuredKafka } from "./support/secured-kafka.ts";

const logger = pino({ level: "silent" });
const schema = z.object(internalSecurityConfigShape);

/** What a service resolves from its environment at boot (service-runtime.ts). */
const securityFrom = (env: Record<string, string>) => internalSecurityOf(loadConfig(schema, env));

function busFor(brokers: string, env: Record<string, string>, name: string): Promise<EventBus> {
  const security = securityFrom(env);
  return createKafkaEventBus({
    brokers: [brokers],
    clientId: `kafka-security-${name}`,
    source: "/switchboard/kafka-security-test",
    topicPrefix: `security-${name}.`,
    partitions: 1,
    origin: security.keys,
    security: security.kafka,
    logger,
  });
}

/**
 * One connection attempt with the security options a service would use, without the bus's ten
 * retries: a listener refusing the handshake closes the socket, which kafkajs counts as
 * retriable, so the bus itself would keep trying for about two minutes before its boot fails.
 */
async function connectOnce(brokers: string, env: Record<string, string>): Promise<unknown> {
  const admin = new kafkajs.Kafka({
    clientId: "kafka-security-once",
    brokers: [brokers],
    ...securityFrom(env).kafka,
    connectionTimeout: 5_000,
    retry: { retries: 0 },
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return null;
  } catch (error) {
    return error;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function roundTrip(bus: EventBus, messageId: string): Promise<string[]> {
  const seen: string[] = [];
  const sub = await bus.subscribe({
    groupId: `reader-${messageId}`,
    fromBeginning: true,
    handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => void seen.push(e.data.messageId)),
  });
  try {
    await bus.publish([
      event(OutboundMessageAcceptedEvent, { key: "thread-sec", tenantId: "t1", data: acceptedMessage(messageId) }),
    ]);
    for (const deadline = Date.now() + 30_000; seen.length === 0 && Date.now() < deadline; )
      await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    await sub.stop();
  }
  return seen;
}

describe("Kafka TLS and SASL/SCRAM against a secured broker", () => {
  let kafka: SecuredKafka;
  let scram: Record<string, string>;

  beforeAll(async () => {
    // No skip path: without Java or the broker's jars this throws, and the file fails.
    kafka = await startSecuredKafka();
    scram = {
      KAFKA_SSL_CA: kafka.files.ca,
      KAFKA_SASL_MECHANISM: "scram-sha-512",
      KAFKA_SASL_USERNAME: kafka.user.name,
      KAFKA_SASL_PASSWORD: kafka.user.password,
    };
  }, 120_000);

  afterAll(async () => {
    await kafka?.stop();
  }, 60_000);

  it("publishes and consumes through SASL_SSL with the right SCRAM credentials", async () => {
    const bus = await busFor(kafka.saslSsl, scram, "scram");
    try {
      expect(await bus.ready?.()).toBe(true);
      expect(await roundTrip(bus, "wamid.scram")).toEqual(["wamid.scram"]);
    } finally {
      await bus.close();
    }
  });

  it("refuses a wrong password with the broker's authentication error, without retrying", async () => {
    const attempt = busFor(kafka.saslSsl, { ...scram, KAFKA_SASL_PASSWORD: "not-the-password" }, "wrong");
    await expect(attempt).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
    await expect(attempt).rejects.toBeInstanceOf(kafkajs.KafkaJSNonRetriableError);
  });

  it("gets nothing from the TLS listener without TLS", async () => {
    const { KAFKA_SSL_CA: _ca, ...plaintextScram } = scram;
    // The broker reads the plaintext request as a broken TLS handshake and hangs up.
    expect(String(await connectOnce(kafka.saslSsl, plaintextScram))).toMatch(/Closed connection/);
  });

  it("refuses a broker whose certificate is not from a trusted CA (KAFKA_SSL=true: system CAs)", async () => {
    const { KAFKA_SSL_CA: _ca, ...systemCas } = scram;
    const error = await connectOnce(kafka.saslSsl, { ...systemCas, KAFKA_SSL: "true" });
    expect(String(error)).toMatch(/unable to verify the first certificate/);
  });

  it("publishes and consumes with mutual TLS, and refuses a client without a certificate", async () => {
    const withCert = {
      KAFKA_SSL_CA: kafka.files.ca,
      KAFKA_SSL_CERT: kafka.files.clientCert,
      KAFKA_SSL_KEY: kafka.files.clientKey,
    };
    const bus = await busFor(kafka.mutualTls, withCert, "mtls");
    try {
      expect(await roundTrip(bus, "wamid.mtls")).toEqual(["wamid.mtls"]);
    } finally {
      await bus.close();
    }
    // The broker's TLS alert refusing the handshake, as OpenSSL names it.
    const error = await connectOnce(kafka.mutualTls, { KAFKA_SSL_CA: kafka.files.ca });
    expect(String(error)).toMatch(/alert bad certificate|alert certificate required/);
  });
});
