// Fetching a customer's media from Graph against a local stand-in: the metadata comes from the
// configured Graph host, but the download URL in its answer is held to the address policy, and
// the download's stream stops at the size limit counted after decompression.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGzip } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createAddressPolicy } from "../outbound/address-policy.ts";
import { ResponseTooLargeError } from "../outbound/bounded-body.ts";
import { createOutboundStream } from "../outbound/outbound-stream.ts";
import type { Resolver } from "../outbound/policy-lookup.ts";
import { createGraphMediaFetcher, type FetchedMedia } from "./graph-media.ts";

const scope = { tenantId: "t1", businessId: "b1" };
let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** Graph's metadata at /v23.0/{id}, naming `fileUrl(port)`; files at /files/{name}. */
async function graph(fileUrl: (port: number) => string) {
  const downloads: string[] = [];
  server = createServer((request, response) => {
    const path = request.url ?? "";
    if (path.startsWith("/v23.0/")) {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ url: fileUrl(port), mime_type: "image/jpeg" }));
      return;
    }
    downloads.push(`${request.socket.localAddress} ${path}`);
    if (path === "/files/bomb") {
      response.writeHead(200, { "content-encoding": "gzip" });
      const gzip = createGzip();
      gzip.pipe(response);
      const zeros = Buffer.alloc(1 << 20);
      const pump = () => {
        while (!response.destroyed && gzip.write(zeros)) {}
        if (!response.destroyed) gzip.once("drain", pump);
      };
      response.on("close", () => gzip.destroy());
      pump();
      return;
    }
    response.end("jpeg-bytes");
  });
  server.listen(0, "0.0.0.0");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, downloads };
}

// As start-media-archive.ts sets it up: the configured Graph host allowed, nothing else private.
const fetcherFor = (base: string, resolve?: Resolver) =>
  createGraphMediaFetcher({
    baseUrl: base,
    configured: { accessToken: "system-user-token", apiVersion: "v23.0" },
    download: createOutboundStream({
      policy: createAddressPolicy({ allowPrivateNetworks: false, allowHosts: [new URL(base).hostname] }),
      ...(resolve ? { resolve } : {}),
    }),
    maxBytes: 64 * 1024,
    downloadTimeoutMs: 5_000,
  });

async function readAll(fetched: FetchedMedia | undefined): Promise<Buffer> {
  if (!fetched) throw new Error("no file fetched");
  const chunks: Buffer[] = [];
  for await (const chunk of fetched.content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("Graph media fetch", () => {
  it("downloads a file from the configured Graph host", async () => {
    const { base, downloads } = await graph((port) => `http://127.0.0.1:${port}/files/photo`);
    const fetched = await fetcherFor(base)(scope, "610000000000001");
    expect(fetched?.mimeType).toBe("image/jpeg");
    expect((await readAll(fetched)).toString()).toBe("jpeg-bytes");
    expect(downloads).toEqual(["127.0.0.1 /files/photo"]);
  });

  it("does not follow a download URL that resolves to a private address", async () => {
    const { base, downloads } = await graph((port) => `http://cdn.example:${port}/files/photo`);
    const resolve: Resolver = async () => [{ address: "127.0.0.2", family: 4 }];
    expect(await fetcherFor(base, resolve)(scope, "610000000000001")).toBeUndefined();
    expect(downloads).toEqual([]);
  });

  it("stops a compressed download at the size limit, decoded", async () => {
    const { base } = await graph((port) => `http://127.0.0.1:${port}/files/bomb`);
    const fetched = await fetcherFor(base)(scope, "610000000000001");
    await expect(readAll(fetched)).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});
