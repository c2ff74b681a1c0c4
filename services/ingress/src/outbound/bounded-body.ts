// Reads an HTTP answer's body with a bound on what it may cost us: the bytes counted are the
// decoded ones (gzip, deflate and br are decompressed here, chunk by chunk), so a small compressed
// "bomb" stops at the limit instead of inflating into memory. Past the limit the read fails and
// the source is destroyed: nothing more is received or decompressed.
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

export class ResponseTooLargeError extends Error {
  override readonly name = "ResponseTooLargeError";
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super("response too large");
    this.limitBytes = limitBytes;
  }
}

/** The decoded body stream of a response (an unknown encoding is passed through as it is). */
export function decodedBody(response: IncomingMessage): Readable {
  const encoding = String(response.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? createGunzip()
      : encoding === "deflate"
        ? createInflate()
        : encoding === "br"
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return response;
  // Once the reader gave up (destroyed the decoder), the aborted answer's error has no one to tell.
  response.on("error", (error) => {
    if (!decoder.destroyed) decoder.destroy(error);
  });
  decoder.on("close", () => response.destroy());
  return response.pipe(decoder);
}

/** The whole decoded body, or a ResponseTooLargeError once more than `maxBytes` was decoded. */
export async function readBounded(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let seen = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      seen += buffer.length;
      if (seen > maxBytes) throw new ResponseTooLargeError(maxBytes);
      chunks.push(buffer);
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks);
}

/** Consumes a body without keeping it, counting decoded bytes up to `maxBytes`; returns the count. */
export async function drainBounded(body: Readable, maxBytes: number): Promise<number> {
  let seen = 0;
  try {
    for await (const chunk of body) {
      seen += (chunk as Buffer).length;
      if (seen > maxBytes) throw new ResponseTooLargeError(maxBytes);
    }
  } finally {
    body.destroy();
  }
  return seen;
}
