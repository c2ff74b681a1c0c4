// A business's Meta access: its own sealed token opened with its registered version, nothing for a
// business without credentials, and never credentials registered under another tenant.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createFakeUpstreamRouting } from "../../test/support/fake-upstream-routing.ts";
import { createCredentialSealer } from "../tenancy/credential-sealer.ts";
import { metaAccessOf } from "./meta-access.ts";

const sealer = createCredentialSealer(randomBytes(32));
const scope = { tenantId: "tn_1", businessId: "300000000000001" };
const routing = createFakeUpstreamRouting(
  [],
  [
    {
      ...scope,
      sealedSystemUserToken: sealer.seal("EAAG-business-token", { ...scope, field: "system_user_token" }),
      sealedAppSecret: sealer.seal("appsecret", { ...scope, field: "app_secret" }),
      graphApiVersion: "v21.0",
      updatedAtMs: 1,
    },
  ],
);

describe("Meta access", () => {
  it("opens the business's token and names its Graph API version", async () => {
    expect(await metaAccessOf({ routing, sealer })(scope)).toEqual({
      accessToken: "EAAG-business-token",
      apiVersion: "v21.0",
    });
  });

  it("answers nothing for another tenant, an unregistered business, or without the key", async () => {
    const access = metaAccessOf({ routing, sealer });
    expect(await access({ ...scope, tenantId: "tn_2" })).toBeUndefined();
    expect(await access({ ...scope, businessId: "300000000000009" })).toBeUndefined();
    expect(await metaAccessOf({ routing, sealer: undefined })(scope)).toBeUndefined();
  });
});
