// Answers what is refused before any route or error handler runs — by Node's HTTP parser (a
// malformed request line or header: 400, a request not sent in time: 408, headers over the size
// limit: 431) or by fastify's router (a path that is not valid percent-encoding, a path parameter
// over its length limit: 400) — with a body the service chooses, so clients see the service's own
// error shape there too. Otherwise as fastify's defaults: nothing written to a socket already gone.
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyReply, FastifyRequest } from "fastify";

export type ClientErrorStatus = 400 | 408 | 431;

/** The JSON body of such an answer, by status and a short reason. */
export type ClientErrorBody = (statusCode: ClientErrorStatus, reason: string) => unknown;

export function clientErrorHandlerOf(
  body: ClientErrorBody,
): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const [status, reason]: [ClientErrorStatus, string] =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request timeout"]
        : error.code === "HPE_HEADER_OVERFLOW"
          ? [431, "Request header fields too large"]
          : [400, "Malformed HTTP request"];
    const text = JSON.stringify(body(status, reason));
    if (socket.writable)
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${text}`,
      );
    socket.destroy(error);
  };
}

/** fastify's `frameworkErrors`: the router's refusals (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH). */
export function frameworkErrorsOf(body: ClientErrorBody) {
  return (error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply) => {
    const reason = error.code === "FST_ERR_MAX_PARAM_LENGTH" ? "A path component is too long" : "Malformed URL";
    void reply.code(400).send(body(400, reason));
  };
}
