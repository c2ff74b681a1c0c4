// Reads Meta's Graph error body (`{"error":{message,type,code,error_subcode,error_data}}`) into an
// UpstreamFailure. Anything unreadable becomes code 131000 ("Something went wrong"), Meta's own
// generic code, so a failed status always carries a real Meta code.
import type { UpstreamFailure } from "./upstream-channel.ts";

export const GENERIC_FAILURE_CODE = 131000;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function failureFromGraphBody(body: unknown, httpStatus: number): UpstreamFailure {
  const error = asRecord(asRecord(body)?.error);
  const code = typeof error?.code === "number" ? error.code : GENERIC_FAILURE_CODE;
  const message = typeof error?.message === "string" ? error.message : `Upstream answered HTTP ${httpStatus}`;
  const details = asRecord(error?.error_data)?.details;
  return {
    code,
    title: typeof error?.error_user_title === "string" ? error.error_user_title : message,
    message,
    details: typeof details === "string" ? details : "",
    httpStatus,
  };
}

export function unreachableFailure(cause: unknown): UpstreamFailure {
  return {
    code: GENERIC_FAILURE_CODE,
    title: "Something went wrong",
    message: "Something went wrong",
    details: `Upstream not reachable: ${cause instanceof Error ? cause.message : String(cause)}`.slice(0, 300),
    httpStatus: 0,
  };
}
