// Keeps records without a genuine proof of origin away from a consumer's handlers: the records of
// a fetched chunk are dispatched in runs between the unproven ones, and each unproven record is
// parked on the dead-letter topic (logged) in its place, never handled and never retried. Offsets
// stay in order: the returned offset is the highest one below which every record is done.
import type { ConsumedRecord } from "../events/event-dispatcher.ts";
import { originProblem } from "./event-origin.ts";
import type { KeyRing } from "./key-ring.ts";

export interface OriginGateOptions {
  keys: KeyRing;
  /** Whether this consumer would act on the record's type (others are the dispatcher's to skip). */
  handles: (type: string) => boolean;
  /** Dispatches a run of proven records; returns the last offset done, as dispatchRecords does. */
  dispatch: (records: ConsumedRecord[]) => Promise<string | undefined>;
  /** Parks an unproven record; throwing stops the chunk uncommitted, so it is redelivered. */
  reject: (record: ConsumedRecord, problem: string) => Promise<void>;
}

export async function dispatchProvenRecords(
  records: readonly ConsumedRecord[],
  options: OriginGateOptions,
): Promise<string | undefined> {
  let lastDone: string | undefined;
  let runStart = 0;
  for (let i = 0; i <= records.length; i++) {
    const record = records[i];
    const type = record?.headers.ce_type;
    const problem =
      record === undefined || type === undefined || !options.handles(type)
        ? undefined
        : originProblem(options.keys, record);
    if (record !== undefined && problem === undefined) continue;
    if (i > runStart) {
      const done = await options.dispatch(records.slice(runStart, i));
      // The run stopped early (shutdown, lost partition): nothing after it may be marked done.
      if (done !== records[i - 1]?.offset) return done ?? lastDone;
      lastDone = done;
    }
    if (record === undefined || problem === undefined) break;
    await options.reject(record, problem);
    lastDone = record.offset;
    runStart = i + 1;
  }
  return lastDone;
}
