// A DeadLetters standing in for the Kafka dead-letter topics: one topic with one parked record,
// unknown topics not found (AppError not_found), as the Kafka adapter answers.
import { AppError, type DeadLetters, type ParkedRecord } from "@switchboard/kit";

export const PARKED_TOPIC = "switchboard.thread-events.v1.dlq";

export function createFakeDeadLetters(): DeadLetters {
  const parked: ParkedRecord = {
    topic: PARKED_TOPIC,
    partition: 0,
    offset: "0",
    key: "k",
    type: "switchboard.thread.message_received.v1",
    eventId: "e1",
    tenantId: "tn_a",
    error: "boom",
    attempts: 5,
    group: "g",
    source: "switchboard.thread-events.v1/0/0",
  };
  const known = (topic: string) => {
    if (topic !== PARKED_TOPIC) throw new AppError("not_found", `no dead-letter topic ${topic}`);
  };
  return {
    async report() {
      return [{ topic: PARKED_TOPIC, sourceTopic: "switchboard.thread-events.v1", parked: 1, waiting: 1 }];
    },
    async peek(topic, limit) {
      known(topic);
      return [parked].slice(0, limit);
    },
    async replay(topic) {
      known(topic);
      return { replayed: 1 };
    },
  };
}
