// Where the store's time went: each service's `db_client_operation_duration_seconds` histogram
// (recorded by kit's traceDb per store operation, by collection and operation), read from its
// /metrics at the end of a run. Summed durations are wall time the service waited on the store,
// not the store's CPU, but on a store that serializes writes the two rank collections alike — it
// names the collections that cost the most per message, which a CPU profile of the store cannot.

export interface StoreTimeRow {
  service: string;
  collection: string;
  operation: string;
  calls: number;
  seconds: number;
}

const SERIES = /^db_client_operation_duration_seconds_(sum|count)\{([^}]*)\} ([0-9.eE+-]+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses one service's Prometheus text into rows (one per collection × operation). */
export function storeTimeOf(service: string, metricsText: string): StoreTimeRow[] {
  const rows = new Map<string, StoreTimeRow>();
  for (const line of metricsText.split("\n")) {
    const match = SERIES.exec(line.trim());
    if (!match) continue;
    const [, kind, labelText, value] = match as unknown as [string, "sum" | "count", string, string];
    const labels = new Map([...labelText.matchAll(LABEL)].map((m) => [m[1] as string, m[2] as string]));
    const collection = labels.get("db_collection_name") ?? "?";
    const operation = labels.get("db_operation_name") ?? "?";
    const id = `${collection}\u0000${operation}`;
    const row = rows.get(id) ?? { service, collection, operation, calls: 0, seconds: 0 };
    if (kind === "sum") row.seconds += Number(value);
    else row.calls += Number(value);
    rows.set(id, row);
  }
  return [...rows.values()];
}

/** Reads every service's /metrics; a service that does not answer is left out, never guessed. */
export async function scrapeStoreTime(metricsUrls: Readonly<Record<string, string>>): Promise<StoreTimeRow[]> {
  const scraped = await Promise.all(
    Object.entries(metricsUrls).map(async ([service, url]) => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        return response.ok ? storeTimeOf(service, await response.text()) : [];
      } catch {
        return [];
      }
    }),
  );
  return scraped.flat().sort((a, b) => b.seconds - a.seconds);
}

/** A markdown table of the costliest rows, with store time per message offered. */
export function storeTimeTable(rows: readonly StoreTimeRow[], messages: number, limit = 20): string {
  const total = rows.reduce((sum, row) => sum + row.seconds, 0);
  const lines = [
    "| service | collection | operation | calls | store time s | of all | ms per accepted message |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows.slice(0, limit)) {
    const share = total > 0 ? (100 * row.seconds) / total : 0;
    const perMessage = messages > 0 ? (1000 * row.seconds) / messages : 0;
    lines.push(
      `| ${row.service} | ${row.collection} | ${row.operation} | ${row.calls.toLocaleString("en-US")} | ${row.seconds.toFixed(1)} | ${share.toFixed(1)} % | ${perMessage.toFixed(2)} |`,
    );
  }
  return lines.join("\n");
}
