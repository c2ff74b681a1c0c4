// The Cloud API adapter against a local fake Graph server (node:http on port 0): what it sends,
// how it retries throttling and server errors, and how Meta's error bodies come back; mark-reads
// and typing indicators go to the same endpoint in Meta's body.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { isOutcomeUnknown } from "@switchboard/proto";
import { afterEach, describe, expect, it } from "vitest";
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import type { MediaStore } from "../media/media-store.ts";
import { createCloudApiChannel } from "./cloud-api-channel.ts";
import { statusErrorsJson, type UpstreamMessage } from "./upstream-channel.ts";

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
      {
        url: "/v23.0/100000000000001/messages",
        authorization: "Bearer tok",
        body: JSON.stringify({ ...JSON.parse(message.bodyJson), biz_opaque_callback_data: "~sb1:10:wamid.ours" }),
      },
    ]);
  });

  it("sends our id with the business's callback data, or the business's alone when both would not fit", async () => {
    const graph = await fakeGraph([
      { status: 200, body: { messages: [{ id: "wamid.meta-1" }] } },
      { status: 200, body: { messages: [{ id: "wamid.meta-2" }] } },
    ]);
    const channel = createCloudApiChannel({ baseUrl: graph.baseUrl, apiVersion: "v23.0", accessToken: "tok" });
    const withCallback = (value: string): UpstreamMessage => ({
      ...message,
      bodyJson: JSON.stringify({ ...JSON.parse(message.bodyJson), biz_opaque_callback_data: value }),
      bizOpaqueCallbackData: value,
    });
    await channel.send(withCallback("order-7"));
    await channel.send(withCallback("x".repeat(512)));
    const sent = graph.seen.map(
      (s) => (JSON.parse(s.body) as { biz_opaque_callback_data: string }).biz_opaque_callback_data,
    );
    expect(sent).toEqual(["~sb1:10:wamid.oursorder-7", "x".repeat(512)]);
  });

  it("reports a 2xx whose answer names no message id as the provisional outcome unknown", async () => {
    const graph = await fakeGraph([{ status: 200, body: "cut off" }]);
    const channel = createCloudApiChannel({ baseUrl: graph.baseUrl, apiVersion: "v23.0", accessToken: "tok" });
    const result = await channel.send(message);
    expect(result).toMatchObject({ ok: false, failure: { httpStatus: 200 } });
    expect(!result.ok && isOutcomeUnknown(statusErrorsJson(result.failure))).toBe(true);
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

  it("posts a mark-read with its typing indicator in Meta's body, and a plain one without", async () => {
    const graph = await fakeGraph([
      { status: 200, body: { success: true } },
      { status: 200, body: { success: true } },
    ]);
    const channel = createCloudApiChannel({ baseUrl: graph.baseUrl, apiVersion: "v23.0", accessToken: "tok" });
    const read = { ...message.thread, messageId: "wamid.customer-1", typingIndicator: true };
    expect(await channel.markRead(read)).toEqual({ ok: true });
    expect(await channel.markRead({ ...read, typingIndicator: false })).toEqual({ ok: true });
    expect(graph.seen.map((s) => ({ ...s, body: JSON.parse(s.body) as unknown }))).toEqual([
      {
        url: "/v23.0/100000000000001/messages",
        authorization: "Bearer tok",
        body: {
          messaging_product: "whatsapp",
          status: "read",
          message_id: "wamid.customer-1",
          typing_indicator: { type: "text" },
        },
      },
      {
        url: "/v23.0/100000000000001/messages",
        authorization: "Bearer tok",
        body: { messaging_product: "whatsapp", status: "read", message_id: "wamid.customer-1" },
      },
    ]);
  });

  it("retries a throttled mark-read after Retry-After and returns a refusal as Meta's error", async () => {
    const graph = await fakeGraph([
      { status: 429, body: graphError(130429, "Rate limit hit"), headers: { "retry-after": "3" } },
      { status: 200, body: { success: true } },
      { status: 400, body: graphError(100, "Invalid parameter", "message_id: unknown") },
    ]);
    const slept: number[] = [];
    const channel = createCloudApiChannel({
      baseUrl: graph.baseUrl,
      apiVersion: "v23.0",
      accessToken: "tok",
      sleep: async (ms) => {
        slept.push(ms);
      },
      random: () => 0,
    });
    const read = { ...message.thread, messageId: "wamid.customer-2", typingIndicator: false };
    expect(await channel.markRead(read)).toEqual({ ok: true });
    expect(slept).toEqual([3_000]);
    expect(await channel.markRead(read)).toMatchObject({
      ok: false,
      failure: { code: 100, details: "message_id: unknown", httpStatus: 400 },
    });
    expect(graph.seen).toHaveLength(3);
  });

  it("calls Meta with the business's own token and version, else the configured ones, else not at all", async () => {
    const graph = await fakeGraph([
      { status: 200, body: { messages: [{ id: "wamid.meta-own" }] } },
      { status: 200, body: { messages: [{ id: "wamid.meta-configured" }] } },
    ]);
    const access = async (scope: { tenantId: string; businessId: string }) =>
      scope.businessId === "b1" ? { accessToken: "business-token", apiVersion: "v21.0" } : undefined;
    const channel = createCloudApiChannel({ baseUrl: graph.baseUrl, apiVersion: "v23.0", accessToken: "tok", access });
    expect(await channel.send(message)).toEqual({ ok: true, upstreamMessageId: "wamid.meta-own" });
    const other = { ...message, thread: { ...message.thread, businessId: "b2" } };
    expect(await channel.send(other)).toEqual({ ok: true, upstreamMessageId: "wamid.meta-configured" });
    expect(graph.seen.map((s) => [s.url, s.authorization])).toEqual([
      ["/v21.0/100000000000001/messages", "Bearer business-token"],
      ["/v23.0/100000000000001/messages", "Bearer tok"],
    ]);
    const without = createCloudApiChannel({ baseUrl: graph.baseUrl, apiVersion: "v23.0", access });
    expect(await without.send(other)).toMatchObject({ ok: false, failure: { code: 190, httpStatus: 401 } });
    expect(graph.seen).toHaveLength(2);
  });

  it("uploads our media to Meta on first use, sends Meta's id, and passes ids it does not hold through", async () => {
    const graph = await fakeGraph([
      { status: 200, body: { id: "880000000000001" } },
      { status: 200, body: { messages: [{ id: "wamid.meta-img-1" }] } },
      { status: 200, body: { messages: [{ id: "wamid.meta-img-2" }] } },
      { status: 200, body: { messages: [{ id: "wamid.meta-img-3" }] } },
      { status: 400, body: graphError(131053, "(#131053) Media upload error") },
    ]);
    const store: Pick<MediaStore, "open"> = {
      open: async (scope, mediaId) =>
        scope.businessId === "b1" && mediaId.startsWith("7000")
          ? {
              media: {
                mediaId,
                phoneNumberId: "100000000000001",
                mimeType: "image/png",
                sha256: "",
                fileSize: 3,
                uploadedAtMs: 1,
              },
              content: Readable.from([Buffer.from("png")]),
            }
          : undefined,
    };
    const ids = createInMemoryUpstreamMessageIds();
    const channel = createCloudApiChannel({
      baseUrl: graph.baseUrl,
      apiVersion: "v23.0",
      accessToken: "tok",
      media: { store, ids },
      maxAttempts: 1,
    });
    const image = (id: string) => ({
      ...message,
      type: "image",
      bodyJson: JSON.stringify({ messaging_product: "whatsapp", to: "15557770001", type: "image", image: { id } }),
    });
    expect(await channel.send(image("700000000000001"))).toEqual({ ok: true, upstreamMessageId: "wamid.meta-img-1" });
    expect(await channel.send(image("700000000000001"))).toEqual({ ok: true, upstreamMessageId: "wamid.meta-img-2" });
    expect(await channel.send(image("990000000000001"))).toEqual({ ok: true, upstreamMessageId: "wamid.meta-img-3" });
    expect(await channel.send(image("700000000000002"))).toMatchObject({ ok: false, failure: { code: 131053 } });
    expect(graph.seen.map((s) => s.url)).toEqual([
      "/v23.0/100000000000001/media",
      "/v23.0/100000000000001/messages",
      "/v23.0/100000000000001/messages",
      "/v23.0/100000000000001/messages",
      "/v23.0/100000000000001/media",
    ]);
    const sentIds = graph.seen
      .filter((s) => s.url.endsWith("/messages"))
      .map((s) => (JSON.parse(s.body) as { image: { id: string } }).image.id);
    expect(sentIds).toEqual(["880000000000001", "880000000000001", "990000000000001"]);
    expect(graph.seen[0]?.body).toContain('name="messaging_product"');
    expect(await ids.mediaIdOfUpstream("t1", "880000000000001")).toBe("700000000000001");
  });
});
