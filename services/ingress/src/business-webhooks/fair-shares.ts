// How one claim round's capacity is split between the businesses that have deliveries due, the
// same in every DeliveryStore adapter: at most `perBusiness` each, the rest of the round's `limit`
// shared evenly (a business with little due takes all of it, what it leaves goes to the others),
// and the order rotated from round to round, so when there are more businesses than room, the ones
// left out are first next time. One dead receiver with a large backlog can therefore never fill
// a round: the other businesses' due deliveries are in it.

export interface DueGroup {
  /** `tenant/business`. */
  key: string;
  due: number;
}

export interface FairShare {
  key: string;
  take: number;
}

export function fairShares(
  groups: readonly DueGroup[],
  limit: number,
  perBusiness: number,
  /** The last business served by the previous round: this one starts after it. */
  after: string,
): FairShare[] {
  const sorted = [...groups].filter((g) => g.due > 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const start = sorted.findIndex((g) => g.key > after);
  const rotated = start <= 0 ? sorted : [...sorted.slice(start), ...sorted.slice(0, start)];
  const taken = new Map<string, number>();
  let remaining = Math.max(0, limit);
  let open = rotated.map((g) => ({ key: g.key, cap: Math.min(g.due, Math.max(1, perBusiness)) }));
  while (remaining > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(remaining / open.length));
    for (const group of open) {
      if (remaining === 0) break;
      const has = taken.get(group.key) ?? 0;
      const give = Math.min(share, group.cap - has, remaining);
      taken.set(group.key, has + give);
      remaining -= give;
    }
    open = open.filter((g) => (taken.get(g.key) ?? 0) < g.cap);
  }
  return rotated.filter((g) => (taken.get(g.key) ?? 0) > 0).map((g) => ({ key: g.key, take: taken.get(g.key) ?? 0 }));
}
