// Calls a unary method of a ts-proto grpc-js client as a promise, with the tenant scope it asks
// for and the trace context in metadata and a deadline, inside a CLIENT span. The client's channel
// (openInternalClient) turns the asked-for scope into a signed token; a server trusts nothing
// else. Errors come back as AppError.
import { type CallOptions, type ClientUnaryCall, Metadata, type ServiceError } from "@grpc/grpc-js";
import { appErrorFromGrpc } from "../errors/app-error.ts";
import { SpanKind, traceHeaders, withSpan } from "../telemetry/tracing.ts";
import { scopeToMetadataEntries, type TenantScope } from "./tenant-scope.ts";

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

export interface CallOptionsWithScope {
  scope: TenantScope;
  timeoutMs?: number;
}

export function callUnary<Req, Res>(
  name: string,
  method: UnaryMethod<Req, Res>,
  request: Req,
  options: CallOptionsWithScope,
): Promise<Res> {
  return withSpan(name, { kind: SpanKind.CLIENT, attributes: { "rpc.system": "grpc" } }, () => {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries({ ...scopeToMetadataEntries(options.scope), ...traceHeaders() })) {
      metadata.set(key, value);
    }
    const deadline = new Date(Date.now() + (options.timeoutMs ?? 5_000));
    return new Promise<Res>((resolve, reject) => {
      method(request, metadata, { deadline }, (error, response) => {
        if (error) reject(appErrorFromGrpc(error.code, error.details || error.message));
        else resolve(response);
      });
    });
  });
}
