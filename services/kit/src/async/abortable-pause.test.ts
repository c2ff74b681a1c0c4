import { describe, expect, it } from "vitest";
import { abortablePause } from "./abortable-pause.ts";

const settledWithin = async (pause: Promise<void>, ms: number) =>
  Promise.race([pause.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe("abortablePause", () => {
  it("ends when its time is up, when the signal aborts, and when woken", async () => {
    const stop = new AbortController();
    expect(await settledWithin(abortablePause(5, stop.signal), 1_000)).toBe(true);

    const long = abortablePause(60_000, stop.signal);
    expect(await settledWithin(long, 20)).toBe(false);
    stop.abort();
    expect(await settledWithin(long, 1_000)).toBe(true);

    let wake: (() => void) | undefined;
    const woken = abortablePause(60_000, new AbortController().signal, (w) => {
      wake = w;
    });
    expect(await settledWithin(woken, 20)).toBe(false);
    wake?.();
    expect(await settledWithin(woken, 1_000)).toBe(true);
  });
});
