// Which key a webhook from Meta must be signed with: the app secret its business registered, the
// installation's for businesses without one, none for a body mixing two apps' businesses.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createFakeUpstreamRouting } from "../../test/support/fake-upstream-routing.ts";
import { createCredentialSealer } from "../tenancy/credential-sealer.ts";
import type { SealedMetaCredentials } from "../tenancy/tenancy-records.ts";
import { appSecretResolver } from "./webhook-app-secret.ts";

const sealer = createCredentialSealer(randomBytes(32));

function registered(tenantId: string, businessId: string, appSecret: string): SealedMetaCredentials {
  return {
    tenantId,
    businessId,
    sealedSystemUserToken: sealer.seal("EAAG-token", { tenantId, businessId, field: "system_user_token" }),
    sealedAppSecret: sealer.seal(appSecret, { tenantId, businessId, field: "app_secret" }),
    graphApiVersion: "v23.0",
    updatedAtMs: 1,
  };
}

const routing = createFakeUpstreamRouting(
  [],
  [registered("tn_1", "300000000000001", "appsecretofapp1"), registered("tn_2", "300000000000002", "appsecretofapp2")],
);
const body = (...ids: string[]) =>
  Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: ids.map((id) => ({ id, changes: [] })) }));

describe("webhook app secret", () => {
  it("is the secret of the app the named business registered, per business", async () => {
    const secretFor = appSecretResolver({ routing, sealer, fallback: "installation-secret" });
    expect(await secretFor(body("300000000000001"))).toBe("appsecretofapp1");
    expect(await secretFor(body("300000000000002", "300000000000002"))).toBe("appsecretofapp2");
  });

  it("is the installation's for businesses without an app of their own, or bodies without ids", async () => {
    const secretFor = appSecretResolver({ routing, sealer, fallback: "installation-secret" });
    expect(await secretFor(body("399999999999999"))).toBe("installation-secret");
    expect(await secretFor(Buffer.from("not json"))).toBe("installation-secret");
    expect(await appSecretResolver({ routing, sealer, fallback: undefined })(body("399999999999999"))).toBeUndefined();
    // Without the sealing key nothing registered can be opened: only the installation's key counts.
    expect(await appSecretResolver({ routing, sealer: undefined, fallback: "s" })(body("300000000000001"))).toBe("s");
  });

  it("is none for a body whose entries come from two apps", async () => {
    const secretFor = appSecretResolver({ routing, sealer, fallback: "installation-secret" });
    expect(await secretFor(body("300000000000001", "300000000000002"))).toBeUndefined();
    expect(await secretFor(body("300000000000001", "399999999999999"))).toBeUndefined();
  });
});
