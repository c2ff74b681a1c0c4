// The dedupe claims this process holds whose fate the store does not tell yet. A provisional claim
// in the store says "someone is publishing this", and for a while the store cannot say whether
// that publish will be acknowledged: a publish already handed to the producer waits for Kafka's
// answer, possibly past Meta's own timeout, after which Meta redelivers the body; and once it was
// acknowledged, the confirmation is written a few milliseconds later, coalesced with other
// bodies'. A redelivery that finds such a "pending" claim must not be answered 200 on the claim's
// word (if that publish then failed, Meta, told 200, would stop retrying: the item lost). So a body
// whose keys are pending waits, here, for the body of this process that holds them, and is
// answered as it is: 200 once its publish was acknowledged, 503 if it failed. A pending key no body
// of this process holds (held by another replica, or by an attempt that ended unconfirmed) is
// answered 503 at once: Meta retries, and the store answers that retry (confirmed, or past the
// takeover cutoff and published again). In memory only, never a store round trip.
//
// An attempt stays visible until every attempt that overlapped it has finished claiming, and
// until the store caught up with its outcome (its confirmations written), so a body whose keys
// are pending always finds the body here that holds them, even if it settled meanwhile.

export interface ClaimAttempt {
  /**
   * Ends the claim phase with the claim ids this body holds and those it found pending. Resolves
   * true once every pending id is vouched for: another body of this process holds it and its
   * publish was acknowledged; false when one is not (none holds it, or its holders failed).
   */
  claimed(won: ReadonlySet<string>, pending: ReadonlySet<string>): Promise<boolean>;
  /**
   * The body's publish settled (after a failure: once its claims were released). The attempt is
   * forgotten once `storeCaughtUp` settles (its confirmations written, or given up).
   */
  settled(succeeded: boolean, storeCaughtUp?: Promise<unknown>): void;
}

export interface ClaimsInFlight {
  /** Announces a body's claims (their dedupeIdOf ids) before they are made. */
  begin(ids: readonly string[]): ClaimAttempt;
}

interface Attempt {
  /** claiming → holding (claims made, outcome pending or store catching up) → settled (forgettable). */
  phase: "claiming" | "holding" | "settled";
  won: Promise<ReadonlySet<string>>;
  succeeded: Promise<boolean>;
}

export function createClaimsInFlight(): ClaimsInFlight {
  const byId = new Map<string, Set<Attempt>>();

  /** Forgets settled attempts of these ids once no attempt sharing an id is still claiming. */
  const tidy = (ids: readonly string[]) => {
    for (const id of ids) {
      const attempts = byId.get(id);
      if (!attempts || [...attempts].some((a) => a.phase === "claiming")) continue;
      for (const attempt of attempts) if (attempt.phase === "settled") attempts.delete(attempt);
      if (attempts.size === 0) byId.delete(id);
    }
  };

  return {
    begin(ids) {
      let resolveWon: (won: ReadonlySet<string>) => void = () => {};
      let resolveSucceeded: (succeeded: boolean) => void = () => {};
      const self: Attempt = {
        phase: "claiming",
        won: new Promise((resolve) => {
          resolveWon = resolve;
        }),
        succeeded: new Promise((resolve) => {
          resolveSucceeded = resolve;
        }),
      };
      for (const id of ids) {
        const attempts = byId.get(id) ?? new Set<Attempt>();
        attempts.add(self);
        byId.set(id, attempts);
      }
      return {
        claimed(won, pending) {
          const others = new Set<Attempt>();
          for (const id of pending) for (const other of byId.get(id) ?? []) if (other !== self) others.add(other);
          self.phase = "holding";
          resolveWon(won);
          tidy(ids);
          return vouchedFor(pending, [...others]);
        },
        settled(succeeded, storeCaughtUp) {
          resolveWon(new Set()); // no-op unless claiming failed: then this body won nothing
          resolveSucceeded(succeeded);
          const forget = () => {
            self.phase = "settled";
            tidy(ids);
          };
          if (storeCaughtUp) void storeCaughtUp.then(forget, forget);
          else forget();
        },
      };
    },
  };
}

/** True when each pending id is held by one of `others` whose publish was acknowledged. */
async function vouchedFor(pending: ReadonlySet<string>, others: readonly Attempt[]): Promise<boolean> {
  if (pending.size === 0) return true;
  const holdings = await Promise.all(others.map(async (other) => ({ other, won: await other.won })));
  const answers = await Promise.all(
    [...pending].map(async (id) => {
      const holders = holdings.filter((h) => h.won.has(id)).map((h) => h.other.succeeded);
      // Several holders only after a takeover: any acknowledged publish of the item will do.
      return holders.length > 0 && (await Promise.all(holders)).some(Boolean);
    }),
  );
  return answers.every(Boolean);
}
