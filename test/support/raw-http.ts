// A minimal HTTP/1.1 client over a raw TCP socket, for the fuzz suite: it sends whatever bytes a
// case holds (header values no HTTP library would let through, bodies in slow pieces) and reads
// the answer until the server closes (`Connection: close`). fastify's inject is not enough here:
// it does not end a request the way a socket does, so a truncated multipart body never finishes.
import { connect } from "node:net";

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sends the body in this many pieces, each after the last was flushed and a macrotask passed. */
  slowPieces?: number;
}

export interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function rawRequest(port: number, request: RawRequest, timeoutMs: number): Promise<RawResponse | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1", noDelay: true });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.on("data", (chunk) => chunks.push(chunk));
    // A server that answers early (431, 413) and closes while the body is still being written
    // resets the connection: what it answered is still in `chunks`.
    let failure: Error | undefined;
    socket.on("error", (error) => {
      failure = error;
    });
    socket.on("close", () => {
      const raw = Buffer.concat(chunks);
      if (raw.length === 0) reject(failure ?? new Error("the server closed without answering"));
      else
        try {
          resolve(parseResponse(raw));
        } catch (error) {
          reject(error);
        }
    });
    const body = request.body ?? Buffer.alloc(0);
    const head = [
      `${request.method} ${request.path} HTTP/1.1`,
      "Host: 127.0.0.1",
      "Connection: close",
      ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`),
      ...(request.body === undefined ? [] : [`Content-Length: ${body.length}`]),
      "",
      "",
    ].join("\r\n");
    if (request.slowPieces === undefined) socket.write(Buffer.concat([Buffer.from(head), body]));
    else {
      socket.write(head);
      void writeBody(socket, body, request.slowPieces);
    }
  });
}

async function writeBody(socket: ReturnType<typeof connect>, body: Buffer, pieces: number): Promise<void> {
  const size = Math.max(1, Math.ceil(body.length / pieces));
  for (let offset = 0; offset < body.length; offset += size) {
    if (socket.destroyed) return;
    await new Promise<void>((done) => socket.write(body.subarray(offset, offset + size), () => setImmediate(done)));
  }
}

function parseResponse(raw: Buffer): RawResponse {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) throw new Error(`no HTTP answer: ${JSON.stringify(raw.toString("latin1").slice(0, 200))}`);
  const [status = "", ...lines] = raw.subarray(0, end).toString("latin1").split("\r\n");
  const statusCode = Number(status.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
  return { statusCode, headers, body: body.toString("utf8") };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
