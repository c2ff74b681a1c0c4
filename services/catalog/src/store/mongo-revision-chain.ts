// MongoDB adapter of the RevisionChain port. Revisions live in `<name>_revisions` (`_id` =
// `<id>@<version>`, only ever inserted, duplicates reported by the kit's insertIgnoringDuplicates),
// heads in `<name>` (`_id` = id, the state's fields at the top level so queries can filter on
// them). Every read is an `_id` lookup or `_id $in`, which FerretDB serves from its index.
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import type { Connection, mongo } from "mongoose";
import type { RevisionChain, Versioned } from "./revision-chain.ts";

const LOOKUP_CHUNK = 500;
/** Revisions probed past a head at once; a head this far behind means many crashed writers. */
const PROBE_ROUNDS = 20;

export const revisionIdOf = (id: string, version: number) => `${id}@${version}`;

interface RevisionDoc {
  _id: string;
  entity: string;
  version: number;
  state: unknown;
}

export function createMongoRevisionChain<S extends object>(connection: Connection, name: string): RevisionChain<S> {
  const heads = connection.db?.collection<mongo.Document & { _id: string }>(name);
  const revisions = connection.db?.collection<RevisionDoc>(`${name}_revisions`);
  if (!heads || !revisions) throw new Error("the Mongo connection is not open");

  const readRevisions = async (ids: readonly string[]) => {
    const found: RevisionDoc[] = [];
    for (const chunk of chunked(ids, LOOKUP_CHUNK)) {
      found.push(
        ...(await traceDb(`${name}_revisions`, "find", () => revisions.find({ _id: { $in: chunk } }).toArray())),
      );
    }
    return found;
  };

  return {
    async tips(ids) {
      const tips = new Map<string, Versioned<S>>();
      const unique = [...new Set(ids)];
      for (const chunk of chunked(unique, LOOKUP_CHUNK)) {
        const docs = await traceDb(name, "find", () => heads.find({ _id: { $in: chunk } }).toArray());
        for (const { _id, version, ...state } of docs)
          tips.set(_id, { id: _id, version: Number(version), state: state as S });
      }
      let probing = unique;
      for (let round = 0; round < PROBE_ROUNDS && probing.length > 0; round++) {
        const later = await readRevisions(probing.map((id) => revisionIdOf(id, (tips.get(id)?.version ?? 0) + 1)));
        for (const doc of later) tips.set(doc.entity, { id: doc.entity, version: doc.version, state: doc.state as S });
        probing = later.map((doc) => doc.entity);
      }
      return tips;
    },

    async revisions(refs) {
      const docs = await readRevisions(refs.map((r) => revisionIdOf(r.id, r.version)));
      return docs.map((doc) => ({ id: doc.entity, version: doc.version, state: doc.state as S }));
    },

    async append(items) {
      const docs = items.map((r) => ({
        _id: revisionIdOf(r.id, r.version),
        entity: r.id,
        version: r.version,
        state: r.state,
      }));
      const taken = await traceDb(`${name}_revisions`, "insertMany", () =>
        insertIgnoringDuplicates(revisions as unknown as mongo.Collection, docs),
      );
      const conflicts = new Set([...taken].map((i) => items[i]?.id ?? ""));
      const won = items.filter((r) => !conflicts.has(r.id));
      const headOf = (r: Versioned<S>) => ({ ...r.state, _id: r.id, version: r.version });
      // A first version gets its head by insert, several times cheaper than an upsert on FerretDB.
      const first = won.filter((r) => r.version === 1);
      const present = await traceDb(name, "insertMany", () =>
        insertIgnoringDuplicates(heads as unknown as mongo.Collection, first.map(headOf)),
      );
      const replace = [...won.filter((r) => r.version > 1), ...first.filter((_, i) => present.has(i))];
      for (const chunk of chunked(replace, LOOKUP_CHUNK)) {
        // Unconditional: a head is a hint that readers correct by probing, never the truth.
        await traceDb(name, "bulkWrite", () =>
          heads.bulkWrite(
            chunk.map((r) => ({
              replaceOne: { filter: { _id: r.id }, replacement: { ...r.state, version: r.version }, upsert: true },
            })),
            { ordered: false },
          ),
        );
      }
      return conflicts;
    },
  };
}
