// Admin routes for the dead-letter topics (behind the admin token like the rest of /admin/v1):
// `GET /dlq` reports what each `.dlq` topic holds and how much still waits for a replay,
// `GET /dlq/{topic}?limit=` peeks at waiting records (envelope and error, never the payload) and
// `POST /dlq/{topic}/replay` re-publishes the waiting records to their source topic. Every
// consumer group of the source topic sees a replayed record again; handlers are idempotent.
// Runbook: docs/operations.md, "Dead-letter topics".
import { AppError, type DeadLetters } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import { invalidParameter, serviceUnavailable, unknownObject } from "../graph/graph-errors.ts";

const MAX_PEEK = 100;

type TopicParams = { Params: { topic: string } };

export function registerDeadLetterRoutes(app: FastifyInstance, dlq: DeadLetters | undefined): void {
  const required = () => {
    if (!dlq) throw serviceUnavailable();
    return dlq;
  };
  const translated = async <T>(topic: string, work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") throw unknownObject(topic);
      if (error instanceof AppError && error.code === "failed_precondition") throw invalidParameter(error.message);
      throw error;
    }
  };

  app.get("/dlq", async () => ({ data: await required().report() }));

  app.get<TopicParams & { Querystring: { limit?: string } }>("/dlq/:topic", async (request) => {
    const limit = Number(request.query.limit ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PEEK)
      throw invalidParameter(`limit must be 1..${MAX_PEEK}`);
    const { topic } = request.params;
    return { data: await translated(topic, () => required().peek(topic, limit)) };
  });

  app.post<TopicParams>("/dlq/:topic/replay", async (request) => {
    const { topic } = request.params;
    const { replayed } = await translated(topic, () => required().replay(topic));
    request.log.info({ topic, replayed }, "dead-letter topic replayed");
    return { topic, replayed };
  });
}
