// Adapts an async function to a grpc-js unary handler: hands it the tenant scope the server's
// guard verified (call-guard.ts; a call that did not pass it is refused), continues the caller's
// trace, and turns thrown errors into gRPC statuses (AppError → its code, anything else →
// INTERNAL with a generic message, the detail logged, never sent).
import { type handleUnaryCall, Metadata, type ServerUnaryCall, type sendUnaryData, status } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { AppError, grpcStatusOf } from "../errors/app-error.ts";
import { contextFromHeaders, SpanKind, withSpan } from "../telemetry/tracing.ts";
import { statusDetails } from "./status-details.ts";
import { scopeFromMetadata, type TenantScope } from "./tenant-scope.ts";

export type UnaryFn<Req, Res> = (request: Req, scope: TenantScope) => Promise<Res>;

export function unaryHandler<Req, Res>(logger: Logger, fn: UnaryFn<Req, Res>): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(call.metadata.getMap())) headers[key] = String(value);
    void withSpan(
      call.getPath(),
      { kind: SpanKind.SERVER, parent: contextFromHeaders(headers), attributes: { "rpc.system": "grpc" } },
      async () => fn(call.request, scopeFromMetadata(call.metadata)),
    ).then(
      (response) => callback(null, response),
      (error: unknown) => {
        if (error instanceof AppError) {
          callback({ code: grpcStatusOf(error.code), details: statusDetails(error.message), metadata: new Metadata() });
          return;
        }
        logger.error({ err: error, path: call.getPath() }, "gRPC handler failed");
        callback({ code: status.INTERNAL, details: "internal error", metadata: new Metadata() });
      },
    );
  };
}
