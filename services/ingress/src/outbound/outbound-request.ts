// One outbound HTTP exchange up to the answer's headers, shared by the buffered client
// (outbound-http.ts) and the streaming one (outbound-stream.ts): the URL checked (http/https only,
// a literal IP against the policy, since node connects to one without a lookup), the DNS step
// checked and pinned (policy-lookup.ts), a fresh connection (a pooled socket would skip the
// lookup), no redirect followed, and one time budget that keeps running until the caller says the
// body is done: past it, the exchange is destroyed with an OutboundTimeoutError.
import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { AddressPolicy } from "./address-policy.ts";
import { ResponseTooLargeError } from "./bounded-body.ts";
import { AddressRefusedError } from "./policy-lookup.ts";

export interface OutboundRequest {
  url: string | URL;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: Buffer;
  /** Connect, answer and body together. */
  timeoutMs: number;
  /** Most decoded body bytes read. */
  maxResponseBytes: number;
}

export type OutboundFailureKind = "refused" | "timeout" | "too_large" | "unreachable" | "invalid_url";

/** A failure as the business may see it (`message`), with the real cause for our logs only. */
export interface OutboundFailure {
  ok: false;
  kind: OutboundFailureKind;
  message: string;
  cause?: unknown;
}

export class OutboundTimeoutError extends Error {
  override readonly name = "OutboundTimeoutError";
  constructor() {
    super("timed out");
  }
}

const MESSAGES: Record<OutboundFailureKind, string> = {
  refused: "connection refused by policy",
  timeout: "timed out",
  too_large: "response too large",
  unreachable: "could not connect",
  invalid_url: "invalid URL",
};

export function outboundFailure(kind: OutboundFailureKind, cause?: unknown): OutboundFailure {
  return { ok: false, kind, message: MESSAGES[kind], ...(cause === undefined ? {} : { cause }) };
}

/** The failure an error of the exchange or of its body stands for. */
export function failureOf(error: unknown): OutboundFailure {
  if (error instanceof AddressRefusedError) return outboundFailure("refused", error);
  if (error instanceof ResponseTooLargeError) return outboundFailure("too_large", error);
  if (error instanceof OutboundTimeoutError) return outboundFailure("timeout", error);
  if ((error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") return outboundFailure("timeout", error);
  return outboundFailure("unreachable", error);
}

export type Opened =
  | {
      ok: true;
      response: IncomingMessage;
      /** The body was read (or given up on): stops the time budget and frees the connection. */
      finish(): void;
    }
  | OutboundFailure;

export function openOutbound(policy: AddressPolicy, lookup: LookupFunction, request: OutboundRequest): Promise<Opened> {
  return new Promise<Opened>((settle) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (error) {
      settle(outboundFailure("invalid_url", error));
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      settle(outboundFailure("invalid_url"));
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) !== 0 && !policy.allows(host, host)) {
      settle(outboundFailure("refused", new AddressRefusedError(host)));
      return;
    }
    let answer: IncomingMessage | undefined;
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const options: RequestOptions = {
      method: request.method,
      headers: {
        "accept-encoding": "gzip, deflate, br",
        ...(request.body ? { "content-length": String(request.body.length) } : {}),
        ...request.headers,
      },
      lookup,
      agent: false,
    };
    const outgoing = send(url, options, (response) => {
      answer = response;
      // An aborted answer also fails the body's read, which reports it; this keeps it from
      // surfacing a second time as an unhandled stream error.
      response.on("error", () => {});
      settle({
        ok: true,
        response,
        finish() {
          clearTimeout(timer);
          outgoing.destroy();
        },
      });
    });
    const timer = setTimeout(() => {
      // Mid-body, the answer itself fails with the timeout, so its reader reports that.
      if (answer) answer.destroy(new OutboundTimeoutError());
      else settle(outboundFailure("timeout"));
      outgoing.destroy();
    }, request.timeoutMs);
    outgoing.on("error", (error) => {
      if (answer) return;
      clearTimeout(timer);
      settle(failureOf(error));
    });
    outgoing.end(request.body);
  });
}
