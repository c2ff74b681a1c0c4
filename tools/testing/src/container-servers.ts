// Kafka and MongoDB in containers (testcontainers), for machines with a Docker engine. Loaded only
// there (global-setup imports it dynamically). Kafka advertises a fixed host port, because clients
// outside the container must reach the address the broker hands out.
import { GenericContainer, type StartedTestContainer, Wait } from "testcontainers";

const KAFKA_HOST_PORT = 39_192;

export interface ContainerServers {
  kafkaBrokers: string;
  mongodbUri: string;
  stop(): Promise<void>;
}

export async function startContainerServers(): Promise<ContainerServers> {
  const kafka: StartedTestContainer = await new GenericContainer("apache/kafka:4.1.0")
    .withExposedPorts({ container: 9092, host: KAFKA_HOST_PORT })
    .withEnvironment({
      KAFKA_NODE_ID: "1",
      KAFKA_PROCESS_ROLES: "broker,controller",
      KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093",
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${KAFKA_HOST_PORT}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
      KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const mongo = await new GenericContainer("mongo:8.0")
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .start();
  return {
    kafkaBrokers: `127.0.0.1:${KAFKA_HOST_PORT}`,
    mongodbUri: `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/`,
    async stop() {
      await Promise.allSettled([kafka.stop(), mongo.stop()]);
    },
  };
}
