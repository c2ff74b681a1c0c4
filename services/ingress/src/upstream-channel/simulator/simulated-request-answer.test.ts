// The simulated customer answers request messages with what they ask for: a location for a
// location request, a granted call permission for a call permission request; other newer
// interactive types (carousel, order messages) get the plain text reply.
import { describe, expect, it } from "vitest";
import { VALID_MESSAGES } from "../../../test/support/send-request-fixtures.ts";
import type { UpstreamMessage } from "../upstream-channel.ts";
import { manualClock } from "./clock.ts";
import { createSimulatorChannel, type SimulatorUpdate } from "./simulator-channel.ts";

const message = (body: object): UpstreamMessage => ({
  thread: { tenantId: "t", businessId: "b", phoneNumberId: "100", customerId: "15550001", customerWaId: "15550001" },
  messageId: "wamid.request-1",
  type: "interactive",
  bodyJson: JSON.stringify(body),
  bizOpaqueCallbackData: "",
  hosting: undefined,
});

/** The reply one always-reading, always-replying customer sends to `body`. */
async function replyTo(body: object): Promise<Record<string, unknown>> {
  const clock = manualClock(1_750_000_000_000);
  const updates: SimulatorUpdate[] = [];
  const simulator = createSimulatorChannel({
    seed: 1,
    clock,
    delayScale: 0,
    failureRate: 0,
    readRate: 1,
    replyRate: 1,
    orderRate: 0,
    onUpdate: (u) => updates.push(u),
  });
  const result = await simulator.send(message(body));
  if (result.ok) result.followUp?.();
  clock.advance(1);
  const reply = updates.find((u) => u.kind === "reply");
  if (reply?.kind !== "reply") throw new Error("no reply");
  return reply.reply;
}

describe("simulated answers to request messages", () => {
  it("shares a location when asked for one, quoting the request", async () => {
    const reply = await replyTo(VALID_MESSAGES["interactive location_request_message"]);
    expect(reply).toMatchObject({
      context: { from: "100", id: "wamid.request-1" },
      from: "15550001",
      type: "location",
      location: { latitude: expect.any(Number), longitude: expect.any(Number) },
    });
  });

  it("grants a temporary call permission for seven days when asked", async () => {
    const reply = await replyTo(VALID_MESSAGES["interactive call_permission_request"]);
    expect(reply).toMatchObject({
      context: { id: "wamid.request-1" },
      type: "interactive",
      interactive: {
        type: "call_permission_reply",
        call_permission_reply: {
          response: "accept",
          is_permanent: false,
          expiration_timestamp: 1_750_000_000 + 7 * 86_400,
          response_source: "user_action",
        },
      },
    });
  });

  it.each(["interactive carousel", "interactive order_details", "interactive order_status"] as const)(
    "answers %s with the plain text reply",
    async (name) => {
      expect(await replyTo(VALID_MESSAGES[name])).toMatchObject({ type: "text", text: { body: expect.any(String) } });
    },
  );
});
