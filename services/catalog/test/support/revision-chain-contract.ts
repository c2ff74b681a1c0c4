// Behaviour every RevisionChain adapter must show, written once and run against each adapter:
// the in-memory one in unit tests, the Mongo one in the integration tests. Each case uses fresh
// ids, so cases never see each other's entities on a shared database. Test support only.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RevisionChain } from "../../src/store/revision-chain.ts";

interface Counter {
  n: number;
}

export function describeRevisionChainContract(adapter: string, makeChain: () => Promise<RevisionChain<Counter>>): void {
  describe(`RevisionChain contract: ${adapter}`, () => {
    let chain: RevisionChain<Counter>;
    beforeAll(async () => {
      chain = await makeChain();
    });
    const fresh = () => `e-${randomUUID()}`;

    it("appends versions in sequence and reads the latest back", async () => {
      const id = fresh();
      expect(await chain.tips([id])).toEqual(new Map());
      expect(await chain.append([{ id, version: 1, state: { n: 1 } }])).toEqual(new Set());
      expect(await chain.append([{ id, version: 2, state: { n: 2 } }])).toEqual(new Set());
      expect((await chain.tips([id])).get(id)).toEqual({ id, version: 2, state: { n: 2 } });
      expect(await chain.revisions([{ id, version: 1 }])).toEqual([{ id, version: 1, state: { n: 1 } }]);
    });

    it("refuses a version that is taken and keeps the first writer's state", async () => {
      const id = fresh();
      await chain.append([{ id, version: 1, state: { n: 1 } }]);
      expect(await chain.append([{ id, version: 1, state: { n: 99 } }])).toEqual(new Set([id]));
      expect((await chain.tips([id])).get(id)?.state).toEqual({ n: 1 });
    });

    it("lets exactly one of many concurrent writers of the same version win", async () => {
      const id = fresh();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => chain.append([{ id, version: 1, state: { n: i } }])),
      );
      expect(results.filter((conflicts) => !conflicts.has(id))).toHaveLength(1);
    });

    it("reports conflicts per id within one bulk append", async () => {
      const [a, b] = [fresh(), fresh()];
      await chain.append([{ id: a, version: 1, state: { n: 1 } }]);
      const conflicts = await chain.append([
        { id: a, version: 1, state: { n: 5 } },
        { id: b, version: 1, state: { n: 7 } },
      ]);
      expect(conflicts).toEqual(new Set([a]));
      const tips = await chain.tips([a, b]);
      expect(tips.get(a)?.state).toEqual({ n: 1 });
      expect(tips.get(b)?.state).toEqual({ n: 7 });
    });
  });
}
