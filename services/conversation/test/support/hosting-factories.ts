// Factories for the hosting tests: hosting states and hosting changes, with overrides last.
import { hostingStateFrom } from "../../src/domain/hosting-state.ts";
import type { HostingMode, HostingState } from "../../src/domain/records.ts";
import type { HostingChange } from "../../src/hosting/hosting-notice.ts";

export const hostingState = (mode: HostingMode): HostingState =>
  hostingStateFrom({ hostingMode: mode, processors: [] });

export const hostingChange = (overrides: Partial<HostingChange> = {}): HostingChange => ({
  tenantId: "t1",
  changeId: "chg-1",
  from: hostingState("cloud"),
  to: hostingState("bsp"),
  atMs: 5_000,
  reason: "switched provider",
  changedBy: "admin@t1",
  ...overrides,
});
