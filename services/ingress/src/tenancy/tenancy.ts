// Tenancy as the rest of ingress sees it: three ports over the same tenants, numbers and tokens,
// split by who asks — business requests (callers), Meta's webhooks (upstream), the operator
// (admin). Each consumer gets only the one it needs; the adapters share one set of collections.
import type { CallerDirectory } from "./caller-directory.ts";
import type { TenancyAdmin } from "./tenancy-admin.ts";
import type { UpstreamRouting } from "./upstream-routing.ts";

export interface Tenancy {
  callers: CallerDirectory;
  upstream: UpstreamRouting;
  admin: TenancyAdmin;
}
