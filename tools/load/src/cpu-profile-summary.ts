// Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) into the figures a benchmark report
// names its wall with: how busy the process was, and where its busy time went, by package (self
// time) and by our own functions (inclusive time). Pure: no file access.

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  startTime: number;
  endTime: number;
}

export interface CpuProfileSummary {
  /** Profiled wall time, seconds. */
  seconds: number;
  /** Share of samples in which the process was busy (not idle). */
  busyShare: number;
  /** Self time by package (or node: module, or repository folder), as shares of busy samples. */
  byPackage: { name: string; share: number }[];
  /** Inclusive time of this repository's functions, as shares of busy samples. */
  ownFunctions: { name: string; share: number }[];
}

const IDLE = "(idle)";

/** `mongodb`, `node:internal/...`, `services/kit/src/events`, or V8's own names like `(garbage collector)`. */
export function packageOf(url: string, functionName: string): string {
  if (url === "") return functionName;
  // pnpm nests packages as .pnpm/<name>@<version>/node_modules/<name>/: the last one names it.
  const at = url.lastIndexOf("node_modules/");
  if (at >= 0) {
    const [scope = "", name = ""] = url.slice(at + "node_modules/".length).split("/");
    return scope.startsWith("@") ? `${scope}/${name}` : scope;
  }
  if (url.startsWith("node:")) return url;
  const own = url.match(/\/((?:services|tools|proto)\/[^/]+\/src\/[^/]+)\//);
  return own?.[1] ?? url;
}

function ownFunctionName(frame: CpuProfile["nodes"][number]["callFrame"]): string | null {
  const own = frame.url.match(/\/((?:services|tools|proto)\/[^/]+\/src\/.+)$/);
  if (!own?.[1] || frame.url.includes("node_modules")) return null;
  return `${frame.functionName || "(anonymous)"} ${own[1]}:${frame.lineNumber + 1}`;
}

export function summarizeCpuProfile(profile: CpuProfile, top = 12): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === IDLE) continue;
    busy++;
    const name = packageOf(node.callFrame.url, node.callFrame.functionName);
    self.set(name, (self.get(name) ?? 0) + 1);
    // A recursive function counts once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const own = ownFunctionName((byId.get(at) as CpuProfile["nodes"][number]).callFrame);
      if (own && !seen.has(own)) {
        seen.add(own);
        inclusive.set(own, (inclusive.get(own) ?? 0) + 1);
      }
    }
  }
  const ranked = (counts: Map<string, number>) =>
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]) => ({ name, share: busy === 0 ? 0 : count / busy }));
  return {
    seconds: (profile.endTime - profile.startTime) / 1e6,
    busyShare: profile.samples.length === 0 ? 0 : busy / profile.samples.length,
    byPackage: ranked(self),
    ownFunctions: ranked(inclusive),
  };
}

export function renderCpuProfileSummary(service: string, summary: CpuProfileSummary): string {
  const pct = (share: number) => `${(100 * share).toFixed(1)} %`;
  return [
    `### ${service}: ${summary.seconds.toFixed(0)} s profiled, busy ${pct(summary.busyShare)} of it`,
    "",
    "| self time by package | of busy |",
    "| --- | ---: |",
    ...summary.byPackage.map((p) => `| ${p.name} | ${pct(p.share)} |`),
    "",
    "| our functions, inclusive | of busy |",
    "| --- | ---: |",
    ...summary.ownFunctions.map((f) => `| \`${f.name}\` | ${pct(f.share)} |`),
    "",
  ].join("\n");
}
