// Writes a run's report.md, throughput.svg and results.json to `<out>/<date>-<commit>/` (a suffix
// keeps a second run of the same day and commit from overwriting the first). It must never write
// outside the chosen folder.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchRun } from "./bench-results.ts";
import { renderReport } from "./report-markdown.ts";
import { renderThroughputSvg } from "./svg-plot.ts";

export function writeReport(outDir: string, run: BenchRun): string {
  const base = join(outDir, `${run.date.slice(0, 10)}-${run.commit.replace(/[^0-9a-z]/gi, "")}`);
  let dir = base;
  for (let attempt = 2; existsSync(dir); attempt += 1) dir = `${base}-${attempt}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "report.md"), renderReport(run));
  const points = run.steps.map((s) => ({
    rate: s.rate,
    accepted: s.acceptedPerSecond,
    stored: s.storedPerSecond,
    counted: s.countedPerSecond,
    acceptP99Ms: s.acceptP99Ms,
    storeP99Ms: s.storeP99Ms,
  }));
  writeFileSync(join(dir, "throughput.svg"), renderThroughputSvg(points, `Switchboard ${run.commit}, ${run.mode}`));
  writeFileSync(join(dir, "results.json"), `${JSON.stringify(run, null, 2)}\n`);
  return dir;
}
