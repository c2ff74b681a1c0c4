// Dispatches one fetched chunk of a partition's records, shared by both EventBus adapters. Runs of
// consecutive records with the same batch handler go to it together; runs of per-event handlers
// go through processByKey (keys concurrently, each key in order). Runs follow each other in
// offset order, so a key's events are never reordered across handler kinds. Returns the highest
// offset below which everything is done, so the caller commits only finished work. A record left
// waiting out a transient fault when the consumer stopped (DispatchAbandoned) is not done: the
// partition's next owner gets it again.

import {
  type ConsumedRecord,
  type DecodedRecord,
  type DispatchOptions,
  type DispatchOutcome,
  decodeRecord,
  dispatchBatch,
  dispatchRecord,
} from "./event-dispatcher.ts";
import type { BatchHandler } from "./event-handlers.ts";
import { processByKey } from "./keyed-batch.ts";
import { DispatchAbandoned } from "./transient-error.ts";

export interface RecordsDispatchOptions extends DispatchOptions {
  /** Keys processed at the same time within a run of per-event handlers. */
  keyConcurrency: number;
  /** Checked between runs and records: false once the consumer stops or lost the partition. */
  shouldContinue: () => boolean;
  /** Called once per record with how it ended (metrics). */
  onOutcome?: (outcome: DispatchOutcome) => void;
}

type Decoded = Extract<DecodedRecord, { kind: "event" }>;
type Run = { kind: "batch"; handle: BatchHandler; items: Decoded[] } | { kind: "single"; items: ConsumedRecord[] };

export async function dispatchRecords(
  records: readonly ConsumedRecord[],
  options: RecordsDispatchOptions,
): Promise<string | undefined> {
  const done = new Set<string>();
  const runs: Run[] = [];
  for (const record of records) {
    const decoded = decodeRecord(record, options);
    if (decoded.kind === "skipped") {
      done.add(record.offset);
      options.onOutcome?.("skipped");
      continue;
    }
    if (decoded.kind === "undecodable") {
      // Never decodable, never retried: the per-record path parks it at once.
      await dispatchRecord(record, options);
      done.add(record.offset);
      options.onOutcome?.("dead-lettered");
      continue;
    }
    const last = runs.at(-1);
    const { registration } = decoded;
    if (registration.kind === "batch") {
      if (last?.kind === "batch" && last.handle === registration.handle) last.items.push(decoded);
      else runs.push({ kind: "batch", handle: registration.handle, items: [decoded] });
    } else if (last?.kind === "single") last.items.push(record);
    else runs.push({ kind: "single", items: [record] });
  }

  for (const run of runs) {
    if (!options.shouldContinue()) break;
    if (run.kind === "batch") {
      let parked: number;
      try {
        parked = await dispatchBatch(run.handle, run.items, options);
      } catch (error) {
        if (error instanceof DispatchAbandoned) break;
        throw error;
      }
      for (const item of run.items) done.add(item.record.offset);
      for (let i = 0; i < run.items.length; i++) options.onOutcome?.(i < parked ? "dead-lettered" : "handled");
    } else {
      let abandoned = false;
      await processByKey(run.items, {
        concurrency: options.keyConcurrency,
        shouldContinue: () => !abandoned && options.shouldContinue(),
        process: async (record) => {
          let outcome: DispatchOutcome;
          try {
            outcome = await dispatchRecord(record, options);
          } catch (error) {
            if (!(error instanceof DispatchAbandoned)) throw error;
            abandoned = true;
            return;
          }
          // Not inside `onOutcome?.(…)`: an optional call would skip evaluating its argument.
          options.onOutcome?.(outcome);
          done.add(record.offset);
        },
      });
      if (abandoned) break;
    }
  }

  let contiguous: string | undefined;
  for (const record of records) {
    if (!done.has(record.offset)) break;
    contiguous = record.offset;
  }
  return contiguous;
}
