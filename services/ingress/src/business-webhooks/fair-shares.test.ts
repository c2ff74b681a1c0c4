import { describe, expect, it } from "vitest";
import { fairShares } from "./fair-shares.ts";

describe("a claim round's fair shares", () => {
  it("gives a small business all it has due beside a huge backlog, capped per business", () => {
    expect(
      fairShares(
        [
          { key: "t/dead", due: 1_000 },
          { key: "t/live", due: 5 },
        ],
        100,
        60,
        "",
      ),
    ).toEqual([
      { key: "t/dead", take: 60 },
      { key: "t/live", take: 5 },
    ]);
  });

  it("fills the round when few businesses have work, up to the cap", () => {
    expect(fairShares([{ key: "t/a", due: 500 }], 100, 200, "")).toEqual([{ key: "t/a", take: 100 }]);
    expect(
      fairShares(
        [
          { key: "t/a", due: 500 },
          { key: "t/b", due: 500 },
        ],
        100,
        200,
        "",
      ),
    ).toEqual([
      { key: "t/a", take: 50 },
      { key: "t/b", take: 50 },
    ]);
  });

  it("rotates when there are more businesses than room", () => {
    const groups = ["t/a", "t/b", "t/c", "t/d"].map((key) => ({ key, due: 3 }));
    expect(fairShares(groups, 2, 10, "").map((s) => s.key)).toEqual(["t/a", "t/b"]);
    expect(fairShares(groups, 2, 10, "t/b").map((s) => s.key)).toEqual(["t/c", "t/d"]);
    expect(fairShares(groups, 2, 10, "t/d").map((s) => s.key)).toEqual(["t/a", "t/b"]);
  });

  it("never hands out more than the limit or what is due", () => {
    const shares = fairShares(
      [
        { key: "t/a", due: 7 },
        { key: "t/b", due: 2 },
        { key: "t/c", due: 40 },
      ],
      20,
      15,
      "",
    );
    expect(shares.reduce((sum, s) => sum + s.take, 0)).toBe(20);
    expect(shares).toEqual([
      { key: "t/a", take: 7 },
      { key: "t/b", take: 2 },
      { key: "t/c", take: 11 },
    ]);
  });
});
