// Normalises the hosting snapshot carried by an event into the state stored on threads and
// messages. The mode → encryption rule itself is shared, in @switchboard/proto.
import { encryptionStateOf, isHostingMode } from "@switchboard/proto";
import type { HostingMode, HostingState } from "./records.ts";

/** A missing or unknown mode is treated as cloud: never assume end-to-end without evidence. */
export function hostingStateFrom(
  snapshot: { hostingMode: string; processors: readonly string[] } | undefined,
): HostingState {
  const mode: HostingMode = snapshot && isHostingMode(snapshot.hostingMode) ? snapshot.hostingMode : "cloud";
  const processors = snapshot?.processors.length ? [...snapshot.processors] : defaultProcessors(mode);
  return { hostingMode: mode, encryptionState: encryptionStateOf(mode), processors };
}

export function defaultProcessors(mode: HostingMode): string[] {
  if (mode === "on_premises") return ["business"];
  if (mode === "cloud") return ["business", "meta"];
  return ["business", "meta", "bsp"];
}
