import { describe, expect, it } from "vitest";
import { createStoreClientWatchdog } from "./store-client-watchdog.ts";

function setup() {
  let now = 0;
  const state = { own: true, fresh: true, freshAsked: 0 };
  const wedged: number[] = [];
  const watchdog = createStoreClientWatchdog({
    ownClientAnswers: async () => state.own,
    freshClientAnswers: async () => {
      state.freshAsked++;
      return state.fresh;
    },
    wedgedAfterMs: 60_000,
    checkEveryMs: 5_000,
    freshProbeBackoffMaxMs: 60_000,
    onWedged: (ms) => wedged.push(ms),
    clock: () => now,
  });
  const advance = (ms: number) => {
    now += ms;
  };
  return { watchdog, state, wedged, advance };
}

describe("the store client watchdog", () => {
  it("calls the client wedged once it failed longer than the limit while a fresh client reaches the store", async () => {
    const { watchdog, state, wedged, advance } = setup();
    expect(await watchdog.check()).toBe(false);
    state.own = false;
    advance(59_000);
    expect(await watchdog.check()).toBe(false);
    expect(state.freshAsked).toBe(0); // a short failure costs no extra connection
    advance(2_000);
    expect(await watchdog.check()).toBe(true);
    expect(wedged).toEqual([61_000]);
  });

  it("never fires while the store itself is down, however long", async () => {
    const { watchdog, state, wedged, advance } = setup();
    state.own = false;
    state.fresh = false;
    for (let i = 0; i < 200; i++) {
      advance(5_000);
      expect(await watchdog.check()).toBe(false);
    }
    expect(state.freshAsked).toBeGreaterThan(0);
    expect(wedged).toEqual([]);
  });

  it("backs off its fresh probes while the store stays down, and still notices the wedge after", async () => {
    const { watchdog, state, wedged, advance } = setup();
    state.own = false;
    state.fresh = false;
    advance(60_000); // 1,000 s of checks every 5 s from the limit on: 200 checks
    for (let i = 0; i < 200; i++) {
      await watchdog.check();
      advance(5_000);
    }
    // Waits of 5, 10, 20, 40 s, then 60 s: 4 + about 15 probes, not one per check.
    expect(state.freshAsked).toBeGreaterThanOrEqual(15);
    expect(state.freshAsked).toBeLessThanOrEqual(22);
    state.fresh = true; // the store is back, the own client is not
    for (let i = 0; i < 12 && wedged.length === 0; i++) {
      await watchdog.check();
      advance(5_000);
    }
    expect(wedged).toHaveLength(1); // within the longest wait (60 s)
  });

  it("counts from the last answer: a client that recovers starts over", async () => {
    const { watchdog, state, wedged, advance } = setup();
    state.own = false;
    advance(50_000);
    await watchdog.check();
    state.own = true;
    advance(5_000);
    await watchdog.check();
    state.own = false;
    advance(50_000);
    expect(await watchdog.check()).toBe(false);
    expect(wedged).toEqual([]);
  });
});
