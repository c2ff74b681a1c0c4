// Fastify's error and not-found handlers for the Graph surface: whatever fails — malformed JSON,
// an oversized body, a GraphError from a route, an unavailable dependency — the client gets the
// Graph error shape with a fbtrace_id that is our trace id, so a report can be traced.
import { AppError, isStoreUnavailable } from "@switchboard/kit";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { GraphError } from "./graph-error.ts";
import { invalidParameter, serviceUnavailable, unknownError } from "./graph-errors.ts";

export function fbtraceIdOf(request: FastifyRequest): string {
  return request.span?.spanContext().traceId ?? request.id;
}

function toGraphError(error: FastifyError | Error): GraphError {
  if (error instanceof GraphError) return error;
  // The store unreachable (down, no primary, timed out): temporary, like Meta's code 2, never a 500.
  if (isStoreUnavailable(error)) return serviceUnavailable();
  if (error instanceof AppError) {
    if (error.code === "unavailable" || error.code === "resource_exhausted") return serviceUnavailable();
    if (error.code === "invalid_argument") return invalidParameter(error.message);
    return unknownError();
  }
  const code = (error as FastifyError).code;
  if (code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return new GraphError({
      httpStatus: 413,
      code: 100,
      type: "OAuthException",
      message: "(#100) Request body is too large",
    });
  }
  if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return invalidParameter("Content-Type must be application/json");
  if (code?.startsWith("FST_ERR_CTP") || (error as FastifyError).statusCode === 400) {
    return invalidParameter("Request body is not valid JSON");
  }
  return unknownError();
}

export function registerGraphErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const graph = toGraphError(error);
    if (graph.httpStatus >= 500) request.log.error({ err: error }, "request failed");
    void reply.code(graph.httpStatus).send(graph.toBody(fbtraceIdOf(request)));
  });
  app.setNotFoundHandler((request, reply) => {
    const graph = new GraphError({
      httpStatus: 400,
      code: 100,
      type: "GraphMethodException",
      message: "Unknown path components",
    });
    void reply.code(graph.httpStatus).send(graph.toBody(fbtraceIdOf(request)));
  });
}
