// The webhook POST and the subscription handshake through the outbound client, against a real
// local receiver: refused by the address policy on every call unless the config allows it, the
// answer bounded, and what the business is told names no address.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGzip } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createAddressPolicy } from "../outbound/address-policy.ts";
import { createOutboundHttp } from "../outbound/outbound-http.ts";
import { createCallbackHandshake } from "./callback-handshake.ts";
import { createWebhookPoster } from "./webhook-poster.ts";

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function receiver(answer: (url: URL, response: import("node:http").ServerResponse) => void) {
  const hits: string[] = [];
  server = createServer((request, response) => {
    hits.push(request.method ?? "");
    answer(new URL(request.url ?? "/", "http://x"), response);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits };
}

const strict = createOutboundHttp({ policy: createAddressPolicy({ allowPrivateNetworks: false, allowHosts: [] }) });
const dev = createOutboundHttp({ policy: createAddressPolicy({ allowPrivateNetworks: true, allowHosts: [] }) });
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe("webhook POSTs", () => {
  it("are refused to a private address on delivery, with an error that names none", async () => {
    const { url, hits } = await receiver((_url, response) => response.end());
    const post = createWebhookPoster({ http: strict, timeoutMs: 2_000, maxResponseBytes: 1024 });
    const outcome = await post({ url, body, appSecret: "app-secret-1" });
    expect(outcome).toEqual({ ok: false, error: "connection refused by policy" });
    expect(hits).toEqual([]);
  });

  it("reach a receiver the config allows, and an answer bomb fails the delivery without inflating", async () => {
    let bomb = false;
    const { url, hits } = await receiver((_url, response) => {
      if (!bomb) {
        response.end("ok");
        return;
      }
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
    });
    const post = createWebhookPoster({ http: dev, timeoutMs: 5_000, maxResponseBytes: 64 * 1024 });
    expect(await post({ url, body, appSecret: "app-secret-1" })).toEqual({ ok: true });
    bomb = true;
    expect(await post({ url, body, appSecret: "app-secret-1" })).toEqual({ ok: false, error: "response too large" });
    expect(hits).toEqual(["POST", "POST"]);
  });
});

describe("the callback handshake", () => {
  it("is refused to a private address, with a reason that names none", async () => {
    const { url, hits } = await receiver((u, response) => response.end(u.searchParams.get("hub.challenge") ?? ""));
    const outcome = await createCallbackHandshake({ http: strict, timeoutMs: 2_000 })(url, "verify");
    expect(outcome).toEqual({ ok: false, reason: "The URL couldn't be reached (connection refused by policy)" });
    expect(hits).toEqual([]);
  });

  it("succeeds against an allowed receiver that echoes the challenge", async () => {
    const { url } = await receiver((u, response) => response.end(u.searchParams.get("hub.challenge") ?? ""));
    expect(await createCallbackHandshake({ http: dev, timeoutMs: 2_000 })(url, "verify")).toEqual({ ok: true });
  });
});
