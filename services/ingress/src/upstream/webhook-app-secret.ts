// Which key must have signed a webhook from Meta. An installation serves businesses of many Meta
// apps (a BSP's clients each bring their own), and Meta signs each webhook with the secret of the
// app it comes from: the secret registered with the business accounts its entries name
// (`entry[].id`, the WABA id), or the installation's UPSTREAM_APP_SECRET for accounts without one.
// The body is read only to find those ids — the signature is still checked over the raw bytes —
// and a body whose entries belong to different apps has no single key: it is refused.
import type { CredentialSealer } from "../tenancy/credential-sealer.ts";
import type { UpstreamRouting } from "../tenancy/upstream-routing.ts";

/** Entries looked at per body; Meta batches a few, so more than this is not Meta's. */
const MAX_ENTRIES = 100;

export type AppSecretFor = (raw: Buffer) => Promise<string | undefined>;

function entryIdsOf(raw: Buffer): string[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
  const entries = (body as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries) || entries.length > MAX_ENTRIES) return undefined;
  const ids = entries.map((entry) => (entry as { id?: unknown } | null)?.id);
  return ids.every((id): id is string => typeof id === "string") ? [...new Set(ids)] : undefined;
}

export function appSecretResolver(deps: {
  routing: Pick<UpstreamRouting, "metaCredentials">;
  sealer: CredentialSealer | undefined;
  /** UPSTREAM_APP_SECRET: the key of accounts that registered no app of their own. */
  fallback: string | undefined;
}): AppSecretFor {
  const { routing, sealer, fallback } = deps;
  return async (raw) => {
    // A body we cannot read for ids is parsed nowhere else either: the installation's key decides.
    const ids = sealer ? entryIdsOf(raw) : undefined;
    if (!sealer || !ids || ids.length === 0) return fallback;
    const secrets = new Set<string | undefined>();
    for (const businessId of ids) {
      const stored = await routing.metaCredentials(businessId);
      const context = stored && {
        tenantId: stored.tenantId,
        businessId: stored.businessId,
        field: "app_secret" as const,
      };
      secrets.add(stored && context ? sealer.open(stored.sealedAppSecret, context) : fallback);
    }
    return secrets.size === 1 ? [...secrets][0] : undefined;
  };
}
