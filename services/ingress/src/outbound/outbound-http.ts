// The one way ingress calls a URL a business (or anyone outside the operator) chose, when the
// answer is small: the exchange as outbound-request.ts makes it (address policy on the address
// actually connected, pinned; no redirects; one time budget for connect + answer + body), and the
// body read bounded after decompression (bounded-body.ts), kept or only counted.
// It never throws: a failure is a value whose `message` is safe to show the business (no address,
// no internal host name, no system error text); `cause` is for our logs only.
import type { IncomingHttpHeaders } from "node:http";
import type { AddressPolicy } from "./address-policy.ts";
import { decodedBody, drainBounded, readBounded } from "./bounded-body.ts";
import { failureOf, type OutboundFailure, type OutboundRequest, openOutbound } from "./outbound-request.ts";
import { policyLookup, type Resolver, systemResolver } from "./policy-lookup.ts";

export type { OutboundFailure, OutboundFailureKind } from "./outbound-request.ts";

export type BufferedRequest = OutboundRequest & {
  /** Read and keep the body (false: drained, counted, discarded). */
  keepBody: boolean;
};

export type OutboundResult = { ok: true; status: number; headers: IncomingHttpHeaders; body: Buffer } | OutboundFailure;

export type OutboundHttp = (request: BufferedRequest) => Promise<OutboundResult>;

export function createOutboundHttp(options: { policy: AddressPolicy; resolve?: Resolver }): OutboundHttp {
  const lookup = policyLookup(options.policy, options.resolve ?? systemResolver);
  return async (request) => {
    const opened = await openOutbound(options.policy, lookup, request);
    if (!opened.ok) return opened;
    const { response } = opened;
    const body = decodedBody(response);
    try {
      let buffer: Buffer = Buffer.alloc(0);
      if (request.keepBody) buffer = await readBounded(body, request.maxResponseBytes);
      else await drainBounded(body, request.maxResponseBytes);
      return { ok: true, status: response.statusCode ?? 0, headers: response.headers, body: buffer };
    } catch (error) {
      return failureOf(error);
    } finally {
      opened.finish();
    }
  };
}
