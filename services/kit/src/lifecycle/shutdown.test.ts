import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createShutdown } from "./shutdown.ts";

describe("two-phase shutdown", () => {
  it("stops intake in order, then closes in reverse order, once", async () => {
    const order: string[] = [];
    const shutdown = createShutdown({
      logger: pino({ level: "silent" }),
      timeoutMs: 1000,
      trapSignals: false,
      exit: () => {},
    });
    shutdown.onStopIntake("http", async () => void order.push("stop http"));
    shutdown.onStopIntake("consumer", async () => void order.push("stop consumer"));
    shutdown.onClose("mongo", async () => void order.push("close mongo"));
    shutdown.onClose("producer", async () => {
      order.push("close producer");
      throw new Error("keeps going");
    });
    await Promise.all([shutdown.run("test"), shutdown.run("again")]);
    expect(order).toEqual(["stop http", "stop consumer", "close producer", "close mongo"]);
    expect(shutdown.signal.aborted).toBe(true);
  });

  it("fail() drains both phases, then exits non-zero", async () => {
    const order: string[] = [];
    let exited: (code: number) => void = () => {};
    const exitCode = new Promise<number>((resolve) => {
      exited = resolve;
    });
    const shutdown = createShutdown({
      logger: pino({ level: "silent" }),
      timeoutMs: 1000,
      trapSignals: false,
      exit: (code) => exited(code),
    });
    shutdown.onStopIntake("consumer", async () => void order.push("stop consumer"));
    shutdown.onClose("mongo", async () => void order.push("close mongo"));
    shutdown.fail("client wedged");
    expect(await exitCode).toBe(1);
    expect(order).toEqual(["stop consumer", "close mongo"]);
  });
});
