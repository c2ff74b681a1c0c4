// Who can read a number's messages follows from its hosting mode: only the business itself when
// on-premises; Meta too in the cloud; Meta and the named BSP when a partner operates the API.
// Never lets a caller choose processors freely, so the list cannot understate who has access.
import type { HostingMode, HostingState } from "./tenancy-records.ts";

export function processorsFor(mode: HostingMode, bspName: string | undefined): string[] {
  if (mode === "on_premises") return ["business"];
  if (mode === "cloud") return ["business", "meta"];
  return ["business", "meta", `bsp:${bspName ?? "unnamed"}`];
}

export function hostingStateOf(mode: HostingMode, bspName: string | undefined): HostingState {
  return { hostingMode: mode, processors: processorsFor(mode, bspName) };
}

export function sameHosting(a: HostingState, b: HostingState): boolean {
  return a.hostingMode === b.hostingMode && a.processors.join("\n") === b.processors.join("\n");
}
