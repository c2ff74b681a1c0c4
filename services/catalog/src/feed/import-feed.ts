// Imports a product feed into one catalog: reads the file as a stream, checks each row with the
// catalog's own feed rules, and sends the valid ones in batches (one BatchUpsertProducts call per
// batch, written with bulk operations on the catalog's side). Bad rows are reported with their
// line and every reason, by the dry run and the import alike; rows the catalog refuses are
// reported too. Talks to the catalog only through the `upsert` function it is given: the CLI
// passes a gRPC call, the benchmark the service itself.
import { type FeedRecord, type ProductInput, productFromFeedRow, readFeed } from "@switchboard/catalog";

export interface BadRow {
  line: number;
  retailerId: string;
  reasons: string[];
}

export interface ImportReport {
  rows: number;
  imported: number;
  bad: BadRow[];
  batches: number;
  elapsedMs: number;
  rowsPerSecond: number;
}

export interface BatchOutcome {
  retailerId: string;
  outcome: string;
  error: string;
}

export interface ImportOptions {
  path: string;
  catalogId: string;
  batchSize: number;
  dryRun: boolean;
  /** Sends one batch; resolves with one outcome per product, in order. */
  upsert: (products: readonly ProductInput[]) => Promise<BatchOutcome[]>;
  onProgress?: (progress: { rows: number; imported: number; bad: number; elapsedMs: number }) => void;
  now?: () => number;
}

export async function importFeed(
  options: ImportOptions,
  records: AsyncIterable<FeedRecord> = readFeed(options.path),
): Promise<ImportReport> {
  const now = options.now ?? performance.now.bind(performance);
  const started = now();
  const bad: BadRow[] = [];
  let rows = 0;
  let imported = 0;
  let batches = 0;
  let batch: { line: number; product: ProductInput }[] = [];
  const seen = new Map<string, number>();

  const flush = async () => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    batches += 1;
    if (options.dryRun) {
      imported += sending.length;
    } else {
      const outcomes = await options.upsert(sending.map((s) => s.product));
      outcomes.forEach((outcome, i) => {
        const sent = sending[i];
        if (outcome.outcome === "failed" && sent)
          bad.push({ line: sent.line, retailerId: outcome.retailerId, reasons: [outcome.error] });
        else imported += 1;
      });
    }
    options.onProgress?.({ rows, imported, bad: bad.length, elapsedMs: now() - started });
  };

  for await (const record of records) {
    rows += 1;
    const result = record.row
      ? productFromFeedRow(record.row, options.catalogId)
      : { ok: false as const, reasons: [record.error ?? "unreadable"] };
    if (!result.ok) {
      bad.push({ line: record.line, retailerId: record.row?.id ?? "", reasons: result.reasons });
      continue;
    }
    const earlier = seen.get(result.product.retailerId);
    if (earlier !== undefined) {
      bad.push({
        line: record.line,
        retailerId: result.product.retailerId,
        reasons: [`id repeats the row on line ${earlier}`],
      });
      continue;
    }
    seen.set(result.product.retailerId, record.line);
    batch.push({ line: record.line, product: result.product });
    if (batch.length >= options.batchSize) await flush();
  }
  await flush();
  const elapsedMs = now() - started;
  return { rows, imported, bad, batches, elapsedMs, rowsPerSecond: elapsedMs > 0 ? (rows / elapsedMs) * 1000 : rows };
}
