// Sends one concrete request to the in-process ingress and judges it: below 500 always; when it is
// refused (4xx), Meta's error shape and nothing written to any store nor published on any topic.
// Requests to Meta's webhook receiver are signed over the bytes sent, unless the case is about the
// signature itself.
import { Readable } from "node:stream";
import { META_SIGNATURE_HEADER, signMetaBody } from "@switchboard/kit";
import { graphErrorShapeProblem } from "../support/graph-error-shape.ts";
import { type InProcessIngress, UPSTREAM_APP_SECRET } from "../support/in-process-ingress.ts";
import { rawRequest } from "../support/raw-http.ts";
import type { WriteCall } from "../support/write-recorder.ts";
import type { ConcreteRequest } from "./request-mutations.ts";

const HUNG_AFTER_MS = 10_000;

export interface CaseOutcome {
  statusCode: number;
  /** Empty when the case passed. */
  problems: string[];
  published: number;
  wrote: number;
}

export async function sendCase(
  ingress: InProcessIngress,
  port: number,
  request: ConcreteRequest,
  options: {
    upstream: boolean;
    replay?: boolean;
    /**
     * `socket`: raw bytes over a local connection, through Node's HTTP parser (header limits,
     * malformed request lines) and with a real end of body; `inject`: fastify's inject, much
     * faster, for the rest.
     */
    transport: "socket" | "inject";
  },
): Promise<CaseOutcome> {
  const headers = { ...request.headers };
  if (options.upstream) {
    const header = request.signature
      ? request.signature.header
      : signMetaBody(request.bytes ?? Buffer.alloc(0), UPSTREAM_APP_SECRET);
    if (header === undefined) delete headers[META_SIGNATURE_HEADER];
    else headers[META_SIGNATURE_HEADER] = header;
  }
  const recordsBefore = ingress.bus.records.length;
  const callsBefore = ingress.recorder.calls.length;
  const unsafeBefore = ingress.recorder.unsafeKeys.length;
  // A watchdog, not a latency check: a request still unanswered after HUNG_AFTER_MS is hung.
  const response =
    options.transport === "socket"
      ? await rawRequest(
          port,
          {
            method: request.method,
            path: request.url,
            headers,
            ...(request.bytes === undefined ? {} : { body: request.bytes }),
            ...(request.slowPieces === undefined ? {} : { slowPieces: request.slowPieces }),
          },
          HUNG_AFTER_MS,
        )
      : await injected(ingress, request, headers);
  if (!response) return { statusCode: 0, problems: [`no answer within ${HUNG_AFTER_MS} ms`], published: 0, wrote: 0 };
  const published = ingress.bus.records.length - recordsBefore;
  const changes = effectiveWrites(ingress.recorder.calls.slice(callsBefore));
  const wrote = changes.length;
  const problems: string[] = [];
  if (response.statusCode >= 500) problems.push(`answered ${response.statusCode}`);
  if (response.statusCode >= 400) {
    const shape = graphErrorShapeProblem(response.body);
    if (shape) problems.push(`error shape: ${shape}`);
    if (published > 0) problems.push(`refused (${response.statusCode}) but published ${published} event(s)`);
    if (wrote > 0)
      problems.push(
        `refused (${response.statusCode}) but wrote: ${changes.map((c) => `${c.port}.${c.method}`).join(", ")}`,
      );
  }
  if (options.replay) {
    // Meta redelivering: nothing new, though a notification may go out again under its same id
    // (normalize-notification.ts) for consumers to recognise.
    const seen = new Set(ingress.bus.records.slice(0, recordsBefore).map((r) => r.headers.ce_id));
    const fresh = ingress.bus.records.slice(recordsBefore).filter((r) => !seen.has(r.headers.ce_id));
    if (fresh.length > 0) problems.push(`a replay published ${fresh.length} new event(s)`);
  }
  for (const unsafe of ingress.recorder.unsafeKeys.slice(unsafeBefore))
    problems.push(`stored a key MongoDB refuses: ${JSON.stringify(unsafe.key)} via ${unsafe.port}.${unsafe.method}`);
  return { statusCode: response.statusCode, problems, published, wrote };
}

/**
 * The writes of one request that changed something: settled as `changed`, less an upload stored
 * and removed again in the same request (media-upload.ts removes what a refused upload stored).
 */
function effectiveWrites(calls: readonly WriteCall[]): WriteCall[] {
  const changed = calls.filter((c) => c.writes && c.effect !== "none");
  const undone = changed.some((c) => c.port === "media" && c.method === "remove");
  return undone
    ? changed.filter((c) => !(c.port === "media" && (c.method === "save" || c.method === "remove")))
    : changed;
}

async function injected(
  ingress: InProcessIngress,
  request: ConcreteRequest,
  headers: Record<string, string>,
): Promise<{ statusCode: number; body: string } | undefined> {
  const payload =
    request.bytes === undefined
      ? undefined
      : request.slowPieces === undefined
        ? request.bytes
        : slowStream(request.bytes, request.slowPieces);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), HUNG_AFTER_MS);
  });
  const answered = ingress.service.http.inject({
    method: request.method,
    url: request.url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  const response = await Promise.race([answered, hung]);
  clearTimeout(timer);
  return response && { statusCode: response.statusCode, body: response.body };
}

/** The bytes in `pieces` chunks, each a macrotask after the last: a client that sends slowly. */
function slowStream(bytes: Buffer, pieces: number): Readable {
  const size = Math.max(1, Math.ceil(bytes.length / pieces));
  let offset = 0;
  return new Readable({
    read() {
      setImmediate(() => {
        if (offset >= bytes.length) this.push(null);
        else {
          this.push(bytes.subarray(offset, offset + size));
          offset += size;
        }
      });
    },
  });
}
