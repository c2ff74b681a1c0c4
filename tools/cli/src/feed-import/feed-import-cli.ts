// `node tools/cli/src/feed-import/feed-import-cli.ts --file feed.csv --catalog 8000… --tenant t
// --business b [--catalog-address 127.0.0.1:50052] [--batch-size 1000] [--dry-run]`
// Imports a CSV, JSON Lines or JSON-array feed with Meta's columns into one catalog through the
// catalog's gRPC API, printing progress on stderr and the report (rows/s, every bad row with its
// line number and reasons) on stdout. Exits 1 when any row was bad, 2 on a usage error.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { formatOf, importFeed } from "@switchboard/catalog";
import { callUnary, cliCallAuth, openInternalClient } from "@switchboard/kit";
import { CatalogServiceClient, Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { progressBar } from "./progress-bar.ts";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    catalog: { type: "string" },
    tenant: { type: "string" },
    business: { type: "string", default: "" },
    "catalog-address": { type: "string", default: "127.0.0.1:50052" },
    "batch-size": { type: "string", default: "1000" },
    "dry-run": { type: "boolean", default: false },
  },
});
const batchSize = Number(values["batch-size"]);
if (
  !values.file ||
  !values.catalog ||
  (!values.tenant && !values["dry-run"]) ||
  !(batchSize >= 1 && batchSize <= 5_000)
) {
  process.stderr.write(
    "usage: feed-import-cli --file <feed> --catalog <id> --tenant <id> [--business <id>] [--batch-size 1..5000] [--dry-run]\n",
  );
  process.exit(2);
}

// Signed with INTERNAL_AUTH_KEYS (the development key without it), like a platform component.
const client = openInternalClient(
  CatalogServiceClient,
  values["catalog-address"],
  cliCallAuth(process.env, "feed-import"),
);
// No --business: the tenant-wide catalog, which a scope must ask for explicitly.
const scope = { tenantId: values.tenant ?? "", businessId: values.business, allBusinesses: values.business === "" };
// Rows to expect, for the bar: a line per record, less the CSV header (a hint; quoted newlines skew it).
const newlines = (await readFile(values.file, "utf8")).split("\n").length - 1;
const lines = formatOf(values.file) === "csv" ? newlines - 1 : newlines;
try {
  const report = await importFeed({
    path: values.file,
    catalogId: values.catalog,
    batchSize,
    dryRun: values["dry-run"],
    onProgress: progressBar(lines),
    upsert: async (products) =>
      (
        await callUnary(
          "switchboard.catalog.v1.CatalogService/BatchUpsertProducts",
          client.batchUpsertProducts.bind(client),
          { products: products.map((p) => Product.fromPartial(p)) },
          { scope, timeoutMs: 120_000 },
        )
      ).results,
  });
  process.stderr.write("\n");
  for (const row of report.bad)
    process.stdout.write(
      `line ${row.line}${row.retailerId ? ` (${row.retailerId})` : ""}: ${row.reasons.join("; ")}\n`,
    );
  const verb = values["dry-run"] ? "would import" : "imported";
  process.stdout.write(
    `${report.rows} rows: ${verb} ${report.imported}, ${report.bad.length} bad, ${report.batches} batches, ${Math.round(report.rowsPerSecond)} rows/s\n`,
  );
  process.exitCode = report.bad.length > 0 ? 1 : 0;
} finally {
  client.close();
}
