// Processes one fetched batch the way per-key ordering allows: records with the same key (one
// thread) strictly in offset order, different keys concurrently up to a limit. Returns the
// highest offset below which every record is done, so the caller commits only finished work even
// when it stops half-way through a batch.

export interface BatchRecord {
  key: string;
  offset: string;
}

export async function processByKey<R extends BatchRecord>(
  records: readonly R[],
  options: { concurrency: number; shouldContinue: () => boolean; process: (record: R) => Promise<void> },
): Promise<string | undefined> {
  const byKey = new Map<string, R[]>();
  for (const record of records) {
    const queue = byKey.get(record.key);
    if (queue) queue.push(record);
    else byKey.set(record.key, [record]);
  }
  const done = new Set<string>();
  const queues = [...byKey.values()];
  let next = 0;
  const worker = async () => {
    for (let queue = queues[next++]; queue; queue = queues[next++]) {
      for (const record of queue) {
        if (!options.shouldContinue()) return;
        await options.process(record);
        done.add(record.offset);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, queues.length) }, worker));

  let contiguous: string | undefined;
  for (const record of records) {
    if (!done.has(record.offset)) break;
    contiguous = record.offset;
  }
  return contiguous;
}
