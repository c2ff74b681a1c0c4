// Small factories shared by the hosting unit tests: states, seeded threads and changes.
import { hostingStateFrom } from "../domain/hosting-state.ts";
import type { HostingMode, HostingState } from "../domain/records.ts";
import type { HostingChange } from "./hosting-notice.ts";
import type { SeededThread } from "./in-memory-hosting-store.ts";

export const stateOf = (mode: HostingMode): HostingState => hostingStateFrom({ hostingMode: mode, processors: [] });

export const seeded = (tenantId: string, n: number, overrides: Partial<SeededThread> = {}): SeededThread => ({
  tenantId,
  threadId: `th_${String(n).padStart(6, "0")}`,
  businessId: "biz-1",
  phoneNumberId: "pn-1",
  customerId: `c${n}`,
  customerWaId: `c${n}`,
  createdAtMs: 1_000,
  hosting: stateOf("cloud"),
  ...overrides,
});

export const change = (overrides: Partial<HostingChange> = {}): HostingChange => ({
  tenantId: "t1",
  changeId: "chg-1",
  from: stateOf("cloud"),
  to: stateOf("bsp"),
  atMs: 5_000,
  reason: "switched provider",
  changedBy: "admin@t1",
  ...overrides,
});
