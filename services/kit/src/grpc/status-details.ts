// The details of a gRPC status we send: bounded and well-formed. An error message may repeat what
// the caller sent (an unknown status, an id). grpc-js puts it, percent-encoded, in the
// `grpc-message` trailer: one over the peer's header-list limit destroys the whole HTTP/2 session
// (every call sharing the channel fails with it), and a lone UTF-16 surrogate makes grpc-js's
// encodeURIComponent throw inside sendStatus — the call is never answered and the rejection is
// unhandled. A thousand characters say what was wrong.
export const MAX_STATUS_DETAILS = 1_000;

export function statusDetails(message: string): string {
  const bounded = message.length <= MAX_STATUS_DETAILS ? message : `${message.slice(0, MAX_STATUS_DETAILS)}…`;
  // Cutting may split a surrogate pair, and a message may carry a lone one from decoded JSON.
  return bounded.toWellFormed();
}
