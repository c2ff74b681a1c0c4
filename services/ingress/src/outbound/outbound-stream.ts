// Outbound HTTP for a large answer that is streamed on (a media file into the media store): the
// same exchange as outbound-http.ts, but the body is handed over as a stream of decoded bytes that
// fails once more than `maxResponseBytes` came out of the decoder, or once the time budget is
// spent — a body that is too large or too slow never reaches the end of the stream as a success.
import type { IncomingHttpHeaders } from "node:http";
import { type Readable, Transform } from "node:stream";
import type { AddressPolicy } from "./address-policy.ts";
import { decodedBody, ResponseTooLargeError } from "./bounded-body.ts";
import { type OutboundFailure, type OutboundRequest, openOutbound } from "./outbound-request.ts";
import { policyLookup, type Resolver, systemResolver } from "./policy-lookup.ts";

export type StreamResult = { ok: true; status: number; headers: IncomingHttpHeaders; body: Readable } | OutboundFailure;

export type OutboundStream = (request: OutboundRequest) => Promise<StreamResult>;

export function createOutboundStream(options: { policy: AddressPolicy; resolve?: Resolver }): OutboundStream {
  const lookup = policyLookup(options.policy, options.resolve ?? systemResolver);
  return async (request) => {
    const opened = await openOutbound(options.policy, lookup, request);
    if (!opened.ok) return opened;
    const { response } = opened;
    const decoded = decodedBody(response);
    let seen = 0;
    const limited = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > request.maxResponseBytes) callback(new ResponseTooLargeError(request.maxResponseBytes));
        else callback(null, chunk);
      },
    });
    // The time budget (and an aborted answer) ends the stream with the error, not with success.
    response.once("error", (error) => limited.destroy(error));
    decoded.once("error", (error) => limited.destroy(error));
    limited.once("close", () => {
      decoded.destroy();
      opened.finish();
    });
    decoded.pipe(limited);
    return { ok: true, status: response.statusCode ?? 0, headers: response.headers, body: limited };
  };
}
