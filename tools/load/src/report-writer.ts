// Writes a run's report.md, throughput.svg and results.json to `<out>/<date>-<commit>/` (a suffix
// keeps a second run of the same day and commit from overwriting the first). It must never write
// outside the chosen folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchRun } from "./bench-results.ts";
import { type CpuProfile, renderCpuProfileSummary, summarizeCpuProfile } from "./cpu-profile-summary.ts";
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

/**
 * Summarizes the V8 profiles under `<profileDir>/<service>/` into `<reportDir>/cpu-profile.md`
 * (the profiles themselves stay where they are, for Chrome DevTools or speedscope). Returns its path.
 */
export function writeCpuProfileReport(profileDir: string, reportDir: string): string {
  const sections = [`# CPU profiles\n\nRaw profiles: \`${profileDir}\` (open in Chrome DevTools or speedscope).\n`];
  for (const service of readdirSync(profileDir).sort()) {
    for (const file of readdirSync(join(profileDir, service)).filter((f) => f.endsWith(".cpuprofile"))) {
      const profile = JSON.parse(readFileSync(join(profileDir, service, file), "utf8")) as CpuProfile;
      sections.push(renderCpuProfileSummary(service, summarizeCpuProfile(profile)));
    }
  }
  const path = join(reportDir, "cpu-profile.md");
  writeFileSync(path, sections.join("\n"));
  return path;
}
