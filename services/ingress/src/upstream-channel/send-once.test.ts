// A message send is never posted to Meta twice once a post may have reached it: a timed-out post
// is not retried (the answer is a final "outcome unknown"), while a refused connection, which
// cannot have reached Meta, still is. Against a local fake Graph server on port 0.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isOutcomeUnknown } from "@switchboard/proto";
import { afterEach, describe, expect, it } from "vitest";
import { createCloudApiChannel } from "./cloud-api-channel.ts";
import { OUTCOME_UNKNOWN_DETAILS, sendOnceFetch } from "./send-once-fetch.ts";
import { statusErrorsJson, type UpstreamMessage } from "./upstream-channel.ts";

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

const message: UpstreamMessage = {
  thread: {
    tenantId: "t1",
    businessId: "b1",
    phoneNumberId: "100000000000001",
    customerId: "1555",
    customerWaId: "1555",
  },
  messageId: "wamid.ours",
  type: "text",
  bodyJson: JSON.stringify({ messaging_product: "whatsapp", to: "1555", type: "text", text: { body: "hi" } }),
  bizOpaqueCallbackData: "",
  hosting: undefined,
};

describe("a send posted at most once", () => {
  it("does not post again after a post timed out, and reports the outcome as unknown", async () => {
    // Takes every request and never answers: Meta may have sent the message.
    const silent = createServer(() => {});
    server = silent;
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    let posts = 0;
    const channel = createCloudApiChannel({
      baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      apiVersion: "v21.0",
      accessToken: "token",
      requestTimeoutMs: 300,
      sleep: async () => {},
      // Counts the posts the channel makes (what reached the server depends on its timing).
      fetch: async (input, init) => {
        posts++;
        return fetch(input, init);
      },
    });
    const result = await channel.send(message);
    expect(posts).toBe(1);
    expect(result).toMatchObject({ ok: false, failure: { code: 131000, details: OUTCOME_UNKNOWN_DETAILS } });
    // Provisional: Meta's own later report of the message supersedes it in conversation.
    expect(!result.ok && isOutcomeUnknown(statusErrorsJson(result.failure))).toBe(true);
  });

  it("reports the outcome as unknown when the post that may have reached Meta was the last attempt", async () => {
    let posts = 0;
    // Meta is busy (503), then a post times out with no attempt left to answer "outcome unknown".
    const channel = createCloudApiChannel({
      baseUrl: "http://graph.invalid",
      apiVersion: "v21.0",
      accessToken: "token",
      maxAttempts: 2,
      sleep: async () => {},
      fetch: async () => {
        posts++;
        if (posts === 1) return Response.json({ error: { code: 2, message: "busy" } }, { status: 503 });
        throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
      },
    });
    const result = await channel.send(message);
    expect(posts).toBe(2);
    expect(result).toMatchObject({ ok: false, failure: { details: OUTCOME_UNKNOWN_DETAILS, httpStatus: 0 } });
    expect(!result.ok && isOutcomeUnknown(statusErrorsJson(result.failure))).toBe(true);
  });

  it("keeps retrying what cannot have reached Meta (connection refused)", async () => {
    let calls = 0;
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const once = sendOnceFetch(async () => {
      calls++;
      if (calls < 3) throw refused;
      return Response.json({ messages: [{ id: "wamid.meta" }] });
    });
    await expect(once("http://x")).rejects.toBe(refused);
    await expect(once("http://x")).rejects.toBe(refused);
    expect((await once("http://x")).status).toBe(200);
    expect(calls).toBe(3);
  });
});
