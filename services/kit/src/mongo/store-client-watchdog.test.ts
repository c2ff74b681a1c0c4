import { describe, expect, it } from "vitest";
import { createStoreClientWatchdog } from "./store-client-watchdog.ts";

function setup() {
  let now = 0;
  const state = { own: true, fresh: true, freshAsked: 0 };
  const wedged: number[] = [];
  const watchdog = createStoreClientWatchdog({
    pingOwnClient: async () => {
      if (!state.own) throw new Error("Server selection timed out");
    },
    pingFreshClient: async () => {
      state.freshAsked++;
      if (!state.fresh) throw new Error("connect ECONNREFUSED");
    },
    wedgedAfterMs: 60_000,
    checkEveryMs: 5_000,
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
    for (let i = 0; i < 100; i++) {
      advance(10_000);
      expect(await watchdog.check()).toBe(false);
    }
    expect(state.freshAsked).toBeGreaterThan(0);
    expect(wedged).toEqual([]);
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
