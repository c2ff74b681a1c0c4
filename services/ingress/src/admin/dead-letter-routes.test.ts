// The dead-letter admin routes over the DeadLetters port (the Kafka adapter is tested against the
// broker in services/kit/test/kafka-dead-letters.int.test.ts): report, bounded peek, replay, and
// Graph errors for an unknown topic or a bus that keeps no dead letters.
import { AppError, createHttpServer, createLogger, type DeadLetters } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { registerDeadLetterRoutes } from "./dead-letter-routes.ts";

const logger = createLogger({ service: "test", level: "silent" });
const TOPIC = "switchboard.thread-events.v1.dlq";

function build(dlq: DeadLetters | undefined) {
  const app = createHttpServer({ logger, bodyLimitBytes: 1_000, readinessChecks: {} });
  registerGraphErrorHandling(app);
  registerDeadLetterRoutes(app, dlq);
  return app;
}

const fake = (): DeadLetters & { replays: string[] } => {
  const replays: string[] = [];
  const known = (topic: string) => {
    if (topic !== TOPIC) throw new AppError("not_found", `no dead-letter topic ${topic}`);
  };
  return {
    replays,
    report: async () => [{ topic: TOPIC, sourceTopic: "switchboard.thread-events.v1", parked: 3, waiting: 2 }],
    peek: async (topic, limit) => {
      known(topic);
      return Array.from({ length: Math.min(limit, 2) }, (_, i) => ({
        topic,
        partition: 0,
        offset: String(i),
        key: "k",
        type: "t",
        eventId: `e${i}`,
        tenantId: "t1",
        error: "PermanentEventError: bad",
        attempts: 1,
        group: "conversation",
        source: "switchboard.thread-events.v1/0/9",
      }));
    },
    replay: async (topic) => {
      known(topic);
      replays.push(topic);
      return { replayed: 2 };
    },
  };
};

describe("dead-letter admin routes", () => {
  it("reports each topic with what it holds and what waits", async () => {
    const response = await build(fake()).inject({ url: "/dlq" });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual([expect.objectContaining({ topic: TOPIC, parked: 3, waiting: 2 })]);
  });

  it("peeks at most `limit` records and refuses a limit out of range", async () => {
    const app = build(fake());
    expect((await app.inject({ url: `/dlq/${TOPIC}?limit=1` })).json().data).toHaveLength(1);
    expect((await app.inject({ url: `/dlq/${TOPIC}?limit=0` })).statusCode).toBe(400);
  });

  it("replays a topic by command and answers an unknown one with a Graph error", async () => {
    const dlq = fake();
    const app = build(dlq);
    const replay = await app.inject({ method: "POST", url: `/dlq/${TOPIC}/replay` });
    expect(replay.json()).toEqual({ topic: TOPIC, replayed: 2 });
    expect(dlq.replays).toEqual([TOPIC]);
    const unknown = await app.inject({ method: "POST", url: "/dlq/nope.dlq/replay" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe(100);
  });

  it("answers 503 where the bus keeps no dead letters", async () => {
    const response = await build(undefined).inject({ url: "/dlq" });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe(2);
  });
});
