// A consumer kafkajs will not restart (CRASH with restart: false) must not stop silently: the
// supervisor marks it crashed, which fails readiness, and starts it again until it runs.
import { EventEmitter } from "node:events";
import type { Consumer } from "kafkajs";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { superviseConsumer } from "./consumer-supervisor.ts";

const EVENTS = { GROUP_JOIN: "consumer.group_join", CRASH: "consumer.crash" };

function fakeConsumer() {
  const emitter = new EventEmitter();
  const consumer = {
    events: EVENTS,
    on: (name: string, listener: (event: unknown) => void) => emitter.on(name, listener),
  } as unknown as Pick<Consumer, "on" | "events">;
  return { consumer, emit: (name: string, payload: object) => emitter.emit(name, { payload }) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("consumer supervisor", () => {
  it("marks a crash kafkajs will not restart, restarts the consumer, and clears the mark on rejoin", async () => {
    const { consumer, emit } = fakeConsumer();
    let starts = 0;
    const supervisor = superviseConsumer(
      consumer,
      async () => {
        starts++;
        if (starts === 1) throw new Error("broker refused");
      },
      { logger: pino({ level: "silent" }), groupId: "g", sleep: async () => {} },
    );
    expect(supervisor.crashed()).toBe(false);
    emit(EVENTS.CRASH, { error: new Error("non-retriable"), restart: false });
    await flush();
    expect(supervisor.crashed()).toBe(true);
    expect(starts).toBe(2);
    emit(EVENTS.GROUP_JOIN, {});
    expect(supervisor.crashed()).toBe(false);
  });

  it("leaves a crash kafkajs restarts itself alone", async () => {
    const { consumer, emit } = fakeConsumer();
    let starts = 0;
    const supervisor = superviseConsumer(consumer, async () => void starts++, {
      logger: pino({ level: "silent" }),
      groupId: "g",
      sleep: async () => {},
    });
    emit(EVENTS.CRASH, { error: new Error("retriable"), restart: true });
    await flush();
    expect(supervisor.crashed()).toBe(false);
    expect(starts).toBe(0);
  });
});
