// How a body whose keys are pending learns the fate of the body of this process that holds them,
// and that a pending key nobody here holds is never vouched for.
import { describe, expect, it } from "vitest";
import { createClaimsInFlight } from "./claims-in-flight.ts";

const none = new Set<string>();

describe("claims in flight", () => {
  it("answers a body whose keys are pending with the holder's outcome, once the holder settled", async () => {
    const registry = createClaimsInFlight();
    const winner = registry.begin(["k1", "k2"]);
    const loser = registry.begin(["k2"]);
    const winnerWaits = winner.claimed(new Set(["k1", "k2"]), none);
    let answer: boolean | undefined;
    const loserWaits = loser.claimed(none, new Set(["k2"])).then((ok) => {
      answer = ok;
    });
    await Promise.resolve();
    expect(answer).toBeUndefined();
    winner.settled(false);
    await loserWaits;
    expect(answer).toBe(false);
    expect(await winnerWaits).toBe(true);
  });

  it("still finds a holder that settled before the other body finished claiming", async () => {
    const registry = createClaimsInFlight();
    const winner = registry.begin(["k"]);
    const loser = registry.begin(["k"]);
    await winner.claimed(new Set(["k"]), none);
    winner.settled(false);
    expect(await loser.claimed(none, new Set(["k"]))).toBe(false);
  });

  it("vouches for a pending key once its holder succeeded, not for one only another loser saw", async () => {
    const registry = createClaimsInFlight();
    const winner = registry.begin(["k"]);
    const otherLoser = registry.begin(["k"]);
    const unrelated = registry.begin(["other"]);
    const loser = registry.begin(["k"]);
    void winner.claimed(new Set(["k"]), none);
    winner.settled(true);
    void otherLoser.claimed(none, new Set(["k"]));
    expect(await loser.claimed(none, new Set(["k"]))).toBe(true);
    unrelated.settled(false);
  });

  it("never vouches for a pending key no body of this process holds (another replica's, or a dead attempt's)", async () => {
    const registry = createClaimsInFlight();
    expect(await registry.begin(["k"]).claimed(none, new Set(["k"]))).toBe(false);
    const failed = registry.begin(["j"]);
    await failed.claimed(new Set(["j"]), none);
    failed.settled(false);
    // Settled and no one claiming meanwhile: forgotten; keys merely confirmed elsewhere need no one.
    expect(await registry.begin(["j"]).claimed(none, new Set(["j"]))).toBe(false);
    expect(await registry.begin(["j"]).claimed(none, none)).toBe(true);
  });

  it("keeps a body that succeeded visible until its confirmations are written", async () => {
    const registry = createClaimsInFlight();
    const winner = registry.begin(["k"]);
    await winner.claimed(new Set(["k"]), none);
    let written: () => void = () => {};
    winner.settled(
      true,
      new Promise<void>((resolve) => {
        written = resolve;
      }),
    );
    // A redelivery while the confirmation is on its way: the store still says pending.
    expect(await registry.begin(["k"]).claimed(none, new Set(["k"]))).toBe(true);
    written();
    await new Promise((resolve) => setImmediate(resolve));
    // Now the store answers for it (confirmed); a pending answer here would be someone else's.
    expect(await registry.begin(["k"]).claimed(none, new Set(["k"]))).toBe(false);
  });

  it("lets a body whose claiming failed count as having won nothing", async () => {
    const registry = createClaimsInFlight();
    const broken = registry.begin(["k"]);
    const loser = registry.begin(["k"]);
    const waits = loser.claimed(none, new Set(["k"]));
    broken.settled(false);
    expect(await waits).toBe(false);
  });
});
