// Outbound HTTP against a real local server: the address policy on the address actually connected
// (with a scripted DNS to play a rebinding attacker), the body bound after decompression, the
// time budget, and failure messages that name no address.
import { once } from "node:events";
import { createServer, get, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Transform } from "node:stream";
import { createGzip } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createAddressPolicy } from "./address-policy.ts";
import { decodedBody, ResponseTooLargeError, readBounded } from "./bounded-body.ts";
import { createOutboundHttp } from "./outbound-http.ts";
import type { Resolver } from "./policy-lookup.ts";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

interface Served {
  port: number;
  /** The local address each request reached. */
  hits: string[];
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<Served> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.socket.localAddress ?? "");
    handler?.(request, response);
  });
  servers.push(server);
  server.listen(0, "0.0.0.0");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, hits };
}

const ok = () => serve((_request, response) => response.end("fine"));

/** An endless gzip stream of zeros: a few KB on the wire per GB once inflated. */
function gzipBomb(_request: IncomingMessage, response: import("node:http").ServerResponse) {
  response.writeHead(200, { "content-encoding": "gzip", "content-type": "application/json" });
  const gzip = createGzip();
  gzip.pipe(response);
  const zeros = Buffer.alloc(1024 * 1024);
  const pump = () => {
    while (!response.destroyed && gzip.write(zeros)) {}
    if (!response.destroyed) gzip.once("drain", pump);
  };
  response.on("close", () => gzip.destroy());
  pump();
}

const strict = createAddressPolicy({ allowPrivateNetworks: false, allowHosts: [] });
const call = { method: "POST" as const, timeoutMs: 5_000, maxResponseBytes: 64 * 1024, keepBody: true };

describe("outbound HTTP", () => {
  it("refuses a host name that resolves to loopback, without reaching it or naming the address", async () => {
    const server = await ok();
    const http = createOutboundHttp({ policy: strict, resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    const result = await http({ ...call, url: `http://receiver.example:${server.port}/hook` });
    expect(result).toMatchObject({ ok: false, kind: "refused", message: "connection refused by policy" });
    expect(JSON.stringify(result.ok ? {} : { message: result.message })).not.toContain("127.0.0.1");
    expect(server.hits).toEqual([]);
  });

  it("refuses literal private IPs, IPv4-mapped IPv6 included", async () => {
    const server = await ok();
    const http = createOutboundHttp({ policy: strict });
    for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]", "[::1]", "0.0.0.0"]) {
      const result = await http({ ...call, url: `http://${host}:${server.port}/hook` });
      expect(result).toMatchObject({ ok: false, kind: "refused" });
    }
    expect(server.hits).toEqual([]);
  });

  it("checks every request on the address it connects to: a rebinding DNS gets nowhere", async () => {
    const server = await ok();
    // 127.0.0.2 stands for "a public address" (allow-listed), 127.0.0.1 for the internal target.
    const policy = createAddressPolicy({ allowPrivateNetworks: false, allowHosts: ["127.0.0.2"] });
    const answers = ["127.0.0.2", "127.0.0.1"];
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      return [{ address: answers.shift() ?? "127.0.0.1", family: 4 }];
    };
    const http = createOutboundHttp({ policy, resolve });
    const first = await http({ ...call, url: `http://rebind.example:${server.port}/hook` });
    const second = await http({ ...call, url: `http://rebind.example:${server.port}/hook` });
    expect(first).toMatchObject({ ok: true, status: 200 });
    expect(second).toMatchObject({ ok: false, kind: "refused" });
    // One resolution per request, and the connection went to the address that was checked.
    expect(asked).toEqual(["rebind.example", "rebind.example"]);
    expect(server.hits).toEqual(["127.0.0.2"]);
  });

  it("refuses a host when any of its addresses is private", async () => {
    const server = await ok();
    const policy = createAddressPolicy({ allowPrivateNetworks: false, allowHosts: ["127.0.0.2"] });
    const resolve: Resolver = async () => [
      { address: "127.0.0.2", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ];
    const result = await createOutboundHttp({ policy, resolve })({
      ...call,
      url: `http://mixed.example:${server.port}/`,
    });
    expect(result).toMatchObject({ ok: false, kind: "refused" });
    expect(server.hits).toEqual([]);
  });

  it("reaches allow-listed and, with private networks allowed, local receivers", async () => {
    const server = await ok();
    const listed = createOutboundHttp({
      policy: createAddressPolicy({ allowPrivateNetworks: false, allowHosts: ["localhost"] }),
    });
    expect(await listed({ ...call, url: `http://localhost:${server.port}/` })).toMatchObject({ ok: true, status: 200 });
    const dev = createOutboundHttp({ policy: createAddressPolicy({ allowPrivateNetworks: true, allowHosts: [] }) });
    const result = await dev({ ...call, url: `http://127.0.0.1:${server.port}/` });
    expect(result.ok && result.body.toString()).toBe("fine");
  });

  it("stops reading a gzip bomb at the limit of decoded bytes", async () => {
    const server = await serve(gzipBomb);
    const http = createOutboundHttp({ policy: createAddressPolicy({ allowPrivateNetworks: true, allowHosts: [] }) });
    for (const keepBody of [true, false]) {
      const result = await http({ ...call, keepBody, url: `http://127.0.0.1:${server.port}/` });
      expect(result).toMatchObject({ ok: false, kind: "too_large", message: "response too large" });
    }
  });

  it("decodes no more than the limit and a few chunks of a bomb before giving up", async () => {
    const server = await serve(gzipBomb);
    const response = await new Promise<IncomingMessage>((resolve) => {
      // The read below gives up mid-answer: the request's own "aborted" is expected.
      get(`http://127.0.0.1:${server.port}/`, resolve).on("error", () => {});
    });
    let decoded = 0;
    const body = decodedBody(response);
    const counted = body.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          decoded += chunk.length;
          callback(null, chunk);
        },
      }),
    );
    await expect(readBounded(counted, 64 * 1024)).rejects.toBeInstanceOf(ResponseTooLargeError);
    body.destroy(); // what the reader's source is, when not wrapped for counting
    expect(decoded).toBeGreaterThan(64 * 1024);
    expect(decoded).toBeLessThan(1024 * 1024);
  });

  it("gives up on an answer that never ends within its time budget", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200);
      response.write("a trickle that never ends");
    });
    const http = createOutboundHttp({ policy: createAddressPolicy({ allowPrivateNetworks: true, allowHosts: [] }) });
    const result = await http({ ...call, timeoutMs: 200, url: `http://127.0.0.1:${server.port}/` });
    expect(result).toMatchObject({ ok: false, kind: "timeout", message: "timed out" });
  });

  it("answers a closed port with a generic failure", async () => {
    const server = await ok();
    const port = server.port;
    for (const s of servers.splice(0)) s.close();
    const http = createOutboundHttp({ policy: createAddressPolicy({ allowPrivateNetworks: true, allowHosts: [] }) });
    const result = await http({ ...call, url: `http://127.0.0.1:${port}/` });
    expect(result).toMatchObject({ ok: false, kind: "unreachable", message: "could not connect" });
  });
});
