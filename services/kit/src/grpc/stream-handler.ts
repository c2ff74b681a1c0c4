// Adapts an async function to a grpc-js server-streaming handler, the streaming twin of
// unaryHandler: takes the guard-verified tenant scope before anything runs, continues the
// caller's trace, and turns thrown errors into gRPC statuses (AppError → its code, anything else
// → INTERNAL with a generic message; the detail is logged, never sent). It must never write after
// the stream ended.
import { type handleServerStreamingCall, Metadata, type ServerWritableStream, status } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { AppError, grpcStatusOf } from "../errors/app-error.ts";
import { contextFromHeaders, SpanKind, withSpan } from "../telemetry/tracing.ts";
import { statusDetails } from "./status-details.ts";
import { scopeFromMetadata, type TenantScope } from "./tenant-scope.ts";

export interface StreamSink<Res> {
  /** Sends one response; ignored once the stream is over. */
  write(response: Res): void;
  /** Aborted when the client cancels or disconnects. */
  readonly signal: AbortSignal;
}

/**
 * Streams until it resolves (the call then ends with OK) or throws (the call ends with the error's
 * status). It should resolve promptly once `sink.signal` aborts.
 */
export type StreamFn<Req, Res> = (request: Req, scope: TenantScope, sink: StreamSink<Res>) => Promise<void>;

export function streamHandler<Req, Res>(logger: Logger, fn: StreamFn<Req, Res>): handleServerStreamingCall<Req, Res> {
  return (call: ServerWritableStream<Req, Res>) => {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(call.metadata.getMap())) headers[key] = String(value);
    const cancelled = new AbortController();
    call.on("cancelled", () => cancelled.abort());
    const open = () => !cancelled.signal.aborted && !call.writableEnded && !call.destroyed;
    const sink: StreamSink<Res> = {
      write: (response) => {
        if (open()) call.write(response);
      },
      signal: cancelled.signal,
    };
    void withSpan(
      call.getPath(),
      { kind: SpanKind.SERVER, parent: contextFromHeaders(headers), attributes: { "rpc.system": "grpc" } },
      async () => fn(call.request, scopeFromMetadata(call.metadata), sink),
    ).then(
      () => {
        if (!call.writableEnded) call.end();
      },
      (error: unknown) => {
        if (call.writableEnded) return;
        if (error instanceof AppError) {
          call.emit("error", {
            code: grpcStatusOf(error.code),
            details: statusDetails(error.message),
            metadata: new Metadata(),
          });
          return;
        }
        logger.error({ err: error, path: call.getPath() }, "gRPC stream handler failed");
        call.emit("error", { code: status.INTERNAL, details: "internal error", metadata: new Metadata() });
      },
    );
  };
}
