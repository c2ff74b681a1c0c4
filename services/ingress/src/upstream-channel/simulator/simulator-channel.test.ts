// The simulator with a manual clock: the status sequence and its timing, failures with Meta
// codes, replies, and that a seed reproduces the same customers.
import { describe, expect, it } from "vitest";
import type { UpstreamMessage } from "../upstream-channel.ts";
import { manualClock } from "./clock.ts";
import { createSimulatorChannel, type SimulatorUpdate } from "./simulator-channel.ts";

const message = (n: number, body: unknown = { type: "text", text: { body: "hello" } }): UpstreamMessage => ({
  thread: { tenantId: "t", businessId: "b", phoneNumberId: "100", customerId: "15550001", customerWaId: "15550001" },
  messageId: `wamid.test-${n}`,
  type: "text",
  bodyJson: JSON.stringify(body),
  bizOpaqueCallbackData: "",
  hosting: undefined,
});

const delays = { deliveredMs: [1_000, 1_000], readMs: [4_000, 4_000], replyMs: [10_000, 10_000] } as {
  deliveredMs: [number, number];
  readMs: [number, number];
  replyMs: [number, number];
};

function simulator(rates: { failureRate: number; readRate: number; replyRate: number }, seed = 7) {
  const clock = manualClock(1_000_000);
  const updates: SimulatorUpdate[] = [];
  const simulator = createSimulatorChannel({ seed, clock, delays, onUpdate: (u) => updates.push(u), ...rates });
  // As the upstream sender does: follow up once `sent` is out.
  const channel = {
    async send(m: UpstreamMessage) {
      const result = await simulator.send(m);
      if (result.ok) result.followUp?.();
      return result;
    },
  };
  return { clock, updates, channel };
}

const summary = (updates: SimulatorUpdate[]) =>
  updates.map((u) => (u.kind === "status" ? `${u.status}@${u.atMs}` : `reply@${u.atMs}`));

describe("simulator channel", () => {
  it("answers with the message id at once, then delivered and read after their delays", async () => {
    const { clock, updates, channel } = simulator({ failureRate: 0, readRate: 1, replyRate: 0 });
    expect(await channel.send(message(1))).toMatchObject({ ok: true, upstreamMessageId: "wamid.test-1" });
    expect(updates).toEqual([]);
    clock.advance(999);
    expect(updates).toEqual([]);
    clock.advance(1);
    expect(summary(updates)).toEqual(["delivered@1001000"]);
    clock.advance(4_000);
    expect(summary(updates)).toEqual(["delivered@1001000", "read@1005000"]);
    clock.advance(60_000);
    expect(updates).toHaveLength(2);
  });

  it("reports failures with real Meta error codes instead of delivering", async () => {
    const { clock, updates, channel } = simulator({ failureRate: 1, readRate: 1, replyRate: 1 });
    await channel.send(message(2));
    clock.advance(60_000);
    expect(summary(updates)).toEqual(["failed@1001000"]);
    const failed = updates[0];
    expect(failed?.kind === "status" && failed.status === "failed" && failed.failure.code).toBeOneOf([
      131026, 131049, 131000,
    ]);
  });

  it("replies after reading, quoting the message, and taps the first button of a button message", async () => {
    const { clock, updates, channel } = simulator({ failureRate: 0, readRate: 1, replyRate: 1 });
    await channel.send(
      message(3, {
        type: "interactive",
        interactive: { type: "button", action: { buttons: [{ type: "reply", reply: { id: "yes", title: "Yes" } }] } },
      }),
    );
    clock.advance(60_000);
    expect(summary(updates)).toEqual(["delivered@1001000", "read@1005000", "reply@1015000"]);
    const reply = updates[2];
    expect(reply?.kind === "reply" && reply.reply).toMatchObject({
      from: "15550001",
      context: { id: "wamid.test-3" },
      type: "interactive",
      interactive: { type: "button_reply", button_reply: { id: "yes", title: "Yes" } },
    });
  });

  it("replays the same customers for the same seed, and different ones for another seed", async () => {
    const run = async (seed: number) => {
      const { clock, updates, channel } = simulator({ failureRate: 0.2, readRate: 0.6, replyRate: 0.3 }, seed);
      for (let n = 0; n < 40; n++) await channel.send(message(n));
      clock.advance(120_000);
      return updates.map((u) => `${u.message.messageId}:${u.kind === "status" ? u.status : "reply"}`);
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(43)).not.toEqual(first);
    // Realistic mix: with these rates 40 messages show every outcome.
    for (const outcome of [":delivered", ":read", ":failed", ":reply"]) {
      expect(first.some((u) => u.endsWith(outcome))).toBe(true);
    }
  });
});
