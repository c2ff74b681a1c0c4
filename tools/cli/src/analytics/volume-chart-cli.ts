// `node tools/cli/src/analytics/volume-chart-cli.ts --tenant <id> [--business <id>] --from <ISO>
// --to <ISO> [--granularity hour] [--by direction|hosting_mode|encryption_state|pricing_category]
// [--measure volume|sent|received|delivered|read|failed] [--address 127.0.0.1:50053] --out volumes.svg`
// Draws message volumes over time, one line per value of `--by`, from the analytics service's
// QueryVolumes into an SVG file (render it with any browser, or `rsvg-convert -o x.png x.svg`).
// `volume` is sent + received. Exits 2 on a usage error.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { callUnary, cliCallAuth, openInternalClient } from "@switchboard/kit";
import {
  AnalyticsServiceClient,
  type QueryVolumesRequest,
  type QueryVolumesResponse,
} from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { type ChartSeries, renderVolumeChart } from "./volume-chart.ts";

const { values } = parseArgs({
  options: {
    tenant: { type: "string" },
    business: { type: "string", default: "" },
    from: { type: "string" },
    to: { type: "string" },
    granularity: { type: "string", default: "hour" },
    by: { type: "string", default: "direction" },
    measure: { type: "string", default: "volume" },
    address: { type: "string", default: "127.0.0.1:50053" },
    out: { type: "string" },
  },
});
const fromMs = Date.parse(values.from ?? "");
const toMs = Date.parse(values.to ?? "");
if (!values.tenant || !values.out || Number.isNaN(fromMs) || Number.isNaN(toMs)) {
  process.stderr.write(
    "usage: volume-chart-cli --tenant <id> --from <ISO> --to <ISO> --out <file.svg> [--by direction]\n",
  );
  process.exit(2);
}

// Signed with INTERNAL_AUTH_KEYS (the development key without it), like a platform component.
const client = openInternalClient(AnalyticsServiceClient, values.address, cliCallAuth(process.env, "volume-chart"));
try {
  const response = await callUnary<QueryVolumesRequest, QueryVolumesResponse>(
    "AnalyticsService/QueryVolumes",
    client.queryVolumes.bind(client),
    { fromMs, toMs, granularity: values.granularity, groupBy: [values.by], filters: [], utcOffsetMinutes: 0 },
    {
      // No --business: the whole tenant, which a scope must ask for explicitly.
      scope: { tenantId: values.tenant, businessId: values.business, allBusinesses: values.business === "" },
      timeoutMs: 60_000,
    },
  );
  const series = new Map<string, ChartSeries & { points: { startMs: number; value: number }[] }>();
  for (const row of response.rows) {
    const name = row.group[values.by] ?? "all";
    const m = row.measures;
    const value = values.measure === "volume" ? (m.sent ?? 0) + (m.received ?? 0) : (m[values.measure] ?? 0);
    const s = series.get(name) ?? { name, points: [] };
    s.points.push({ startMs: row.startMs, value });
    series.set(name, s);
  }
  const title = `${values.measure} per ${values.granularity} by ${values.by} — tenant ${values.tenant}`;
  // A series of zeros (e.g. statuses of unknown hosting when charting volume) only adds noise.
  const drawn = [...series.values()].filter((s) => s.points.some((p) => p.value > 0));
  await writeFile(values.out, renderVolumeChart({ title, fromMs, toMs, series: drawn }));
  process.stdout.write(`${values.out}: ${response.rows.length} rows, ${drawn.length} series\n`);
} finally {
  client.close();
}
