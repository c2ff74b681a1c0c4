// Graph errors of the Idempotency-Key contract. Meta has no such header, so there is no Meta code
// to copy: both use code 100 (invalid parameter) with the HTTP status that says what happened —
// 422 for a key reused with another body (the request can never succeed as sent), 409 for a key
// whose first request is still being processed (retrying later will succeed).
import { GraphError } from "../graph/graph-error.ts";

export const idempotencyKeyReused = () =>
  new GraphError({
    httpStatus: 422,
    code: 100,
    type: "OAuthException",
    message: "(#100) Idempotency-Key was already used with a different request",
    details: "Idempotency-Key: send a new key for a different request",
  });

export const idempotencyKeyInProgress = () =>
  new GraphError({
    httpStatus: 409,
    code: 100,
    type: "OAuthException",
    message: "(#100) A request with this Idempotency-Key is still being processed",
    details: "Idempotency-Key: retry the request later",
  });
