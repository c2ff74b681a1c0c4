// The Cloud API adapter against a local fake Graph server (node:http on port 0): what it sends,
// how it retries throttling and server errors, and how Meta's error bodies come back.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createCloudApiChannel } from "./cloud-api-channel.ts";
import type { UpstreamMessage } from "./upstream-channel.ts";

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
interface Seen {
  url: string;
  authorization: string | undefined;
  body: string;
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function fakeGraph(replies: Reply[]): Promise<{ baseUrl: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  };
  const fake = createServer(async (request, response) => {
    seen.push({ url: request.url ?? "", authorization: request.headers.authorization, body: await read(request) });
    const reply = replies.shift() ?? { status: 500, body: {} };
    response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    response.end(JSON.stringify(reply.body));
  });
  server = fake;
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  return { baseUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, seen };
}

const message: UpstreamMessage = {
  thread: {
    tenantId: "t1",
    businessId: "b1",
    phoneNumberId: "100000000000001",
    customerId: "15557770001",
    customerWaId: "15557770001",
  },
  messageId: "wamid.ours",
  type: "text",
  bodyJson: JSON.stringify({ messaging_product: "whatsapp", to: "15557770001", type: "text", text: { body: "hi" } }),
  bizOpaqueCallbackData: "",
  hosting: undefined,
};

const graphError = (code: number, message: string, details = "") => ({
  error: {
    message,
    type: "OAuthException",
    code,
    error_data: { messaging_product: "whatsapp", details },
    fbtrace_id: "x",
  },
});

describe("Cloud API channel", () => {
  it("posts the Graph body with the token and returns Meta's message id", async () => {
    const graph = await fakeGraph([{ status: 200, body: { messages: [{ id: "wamid.meta-1" }] } }]);
    const channel = createCloudApiChannel({ baseUrl: `${graph.baseUrl}/`, apiVersion: "v23.0", accessToken: "tok" });
    expect(await channel.send(message)).toEqual({ ok: true, upstreamMessageId: "wamid.meta-1" });
    expect(graph.seen).toEqual([
      { url: "/v23.0/100000000000001/messages", authorization: "Bearer tok", body: message.bodyJson },
    ]);
  });

  it("retries a 429 after at least Retry-After, then succeeds", async () => {
    const graph = await fakeGraph([
      { status: 429, body: graphError(130429, "Rate limit hit"), headers: { "retry-after": "2" } },
      { status: 503, body: {} },
      { status: 200, body: { messages: [{ id: "wamid.meta-2" }] } },
    ]);
    const slept: number[] = [];
    const channel = createCloudApiChannel({
      baseUrl: graph.baseUrl,
      apiVersion: "v23.0",
      accessToken: "tok",
      sleep: async (ms) => {
        slept.push(ms);
      },
      random: () => 0.5,
      backoff: { baseMs: 100, maxMs: 10_000 },
    });
    expect(await channel.send(message)).toEqual({ ok: true, upstreamMessageId: "wamid.meta-2" });
    expect(graph.seen).toHaveLength(3);
    expect(slept).toEqual([2_000, 100]);
  });

  it("returns Meta's error as a typed failure for a 400 without retrying", async () => {
    const graph = await fakeGraph([
      { status: 400, body: graphError(131009, "(#131009) Parameter value is not valid", "to: bad number") },
    ]);
    const channel = createCloudApiChannel({ baseUrl: graph.baseUrl, apiVersion: "v23.0", accessToken: "tok" });
    expect(await channel.send(message)).toEqual({
      ok: false,
      failure: {
        code: 131009,
        title: "(#131009) Parameter value is not valid",
        message: "(#131009) Parameter value is not valid",
        details: "to: bad number",
        httpStatus: 400,
      },
    });
    expect(graph.seen).toHaveLength(1);
  });

  it("gives up after the last attempt with the last error, and reports an unreachable upstream", async () => {
    const graph = await fakeGraph([
      { status: 429, body: graphError(130429, "Rate limit hit") },
      { status: 429, body: graphError(130429, "Rate limit hit") },
    ]);
    const options = { apiVersion: "v23.0", accessToken: "tok", maxAttempts: 2, sleep: async () => {} };
    const throttled = await createCloudApiChannel({ ...options, baseUrl: graph.baseUrl }).send(message);
    expect(throttled).toMatchObject({ ok: false, failure: { code: 130429, httpStatus: 429 } });
    const unreachable = await createCloudApiChannel({ ...options, baseUrl: "http://127.0.0.1:1" }).send(message);
    expect(unreachable).toMatchObject({ ok: false, failure: { code: 131000, httpStatus: 0 } });
  });
});
