// Typed errors with a code, raised by service logic and translated at each boundary: to a gRPC
// status by the gRPC helpers, to Meta's Graph error shape by ingress. `cause` is for logs only;
// clients see `message`, which must never contain internals.
import { status as GrpcStatus } from "@grpc/grpc-js";

export const ERROR_CODES = [
  "invalid_argument",
  "unauthenticated",
  "permission_denied",
  "not_found",
  "already_exists",
  "failed_precondition",
  "resource_exhausted",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

const TO_GRPC: Record<ErrorCode, GrpcStatus> = {
  invalid_argument: GrpcStatus.INVALID_ARGUMENT,
  unauthenticated: GrpcStatus.UNAUTHENTICATED,
  permission_denied: GrpcStatus.PERMISSION_DENIED,
  not_found: GrpcStatus.NOT_FOUND,
  already_exists: GrpcStatus.ALREADY_EXISTS,
  failed_precondition: GrpcStatus.FAILED_PRECONDITION,
  resource_exhausted: GrpcStatus.RESOURCE_EXHAUSTED,
  unavailable: GrpcStatus.UNAVAILABLE,
  internal: GrpcStatus.INTERNAL,
};

export function grpcStatusOf(code: ErrorCode): GrpcStatus {
  return TO_GRPC[code];
}

export function appErrorFromGrpc(grpcCode: number, message: string): AppError {
  const entry = Object.entries(TO_GRPC).find(([, status]) => status === grpcCode);
  return new AppError((entry?.[0] as ErrorCode | undefined) ?? "unavailable", message);
}
