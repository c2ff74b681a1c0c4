// Secrets at rest on the real MongoDB-wire server: webhook app secrets and verify tokens are
// stored only sealed, plaintext written by an older version is re-sealed on its first read, and
// Meta credentials sealed under a retired key are re-sealed as they are read.
import { randomBytes } from "node:crypto";
import { connectMongo, createLogger } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMongoSubscriptionStore } from "../src/business-webhooks/mongo-subscription-store.ts";
import { credentialSealerOf } from "../src/tenancy/credential-sealer.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import { resealingTenancy } from "../src/tenancy/resealing-tenancy.ts";
import { describeSubscriptionStoreContract } from "./support/subscription-store-contract.ts";

const servers = testServers();
const logger = createLogger({ service: "test", level: "silent" });
const [oldKey, newKey] = [randomBytes(32).toString("base64"), randomBytes(32).toString("base64")];
const oldSealer = credentialSealerOf({ SECRETS_KEYS: `old:${oldKey}` });
const sealer = credentialSealerOf({ SECRETS_KEYS: `new:${newKey},old:${oldKey}` });
let mongo: Connection;

beforeAll(async () => {
  mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingress_secrets") });
});
afterAll(async () => {
  await mongo?.dropDatabase().catch(() => {});
  await mongo?.close();
});

describeSubscriptionStoreContract("mongo, sealed", async () => createMongoSubscriptionStore(mongo, sealer));

describe("secrets at rest", () => {
  const scope = { tenantId: "tn_900", businessId: "900000000000001" };
  const raw = (collection: string, filter: Record<string, unknown>) =>
    mongo.db?.collection(collection).findOne(filter) as Promise<Record<string, unknown> | null>;

  it("stores a webhook subscription's app secret and verify token sealed only", async () => {
    const store = await createMongoSubscriptionStore(mongo, sealer);
    const subscription = {
      callbackUrl: "https://example.test/hook",
      verifyToken: "verify-me-plain",
      appSecret: "app-secret-plain",
      createdAtMs: 1,
      updatedAtMs: 1,
    };
    await store.put(scope, subscription);
    const document = JSON.stringify(await raw("webhook_subscriptions", scope));
    expect(document).not.toContain("verify-me-plain");
    expect(document).not.toContain("app-secret-plain");
    expect(await store.get(scope)).toMatchObject({ appSecret: "app-secret-plain", verifyToken: "verify-me-plain" });
  });

  it("re-seals a subscription stored in clear by an older version on its first read", async () => {
    const legacy = { tenantId: "tn_901", businessId: "900000000000002" };
    await mongo.db?.collection("webhook_subscriptions").insertOne({
      ...legacy,
      callbackUrl: "https://example.test/hook",
      verifyToken: "old-verify",
      appSecret: "old-secret",
      createdAtMs: 1,
      updatedAtMs: 1,
    });
    const store = await createMongoSubscriptionStore(mongo, sealer);
    expect(await store.get(legacy)).toMatchObject({ appSecret: "old-secret", verifyToken: "old-verify" });
    const document = await raw("webhook_subscriptions", legacy);
    expect(JSON.stringify(document)).not.toContain("old-secret");
    expect(sealer?.needsReseal(String(document?.sealedAppSecret))).toBe(false);
    expect(await store.get(legacy)).toMatchObject({ appSecret: "old-secret" });
  });

  it("re-seals Meta credentials sealed under a retired kid as they are read", async () => {
    if (!oldSealer || !sealer) throw new Error("sealers expected");
    const tenancy = await createMongoTenancy(mongo);
    const business = { tenantId: "tn_902", businessId: "900000000000003" };
    await tenancy.admin.setMetaCredentials(business, {
      sealedSystemUserToken: oldSealer.seal("EAAG-token", { ...business, field: "system_user_token" }),
      sealedAppSecret: oldSealer.seal("app-secret", { ...business, field: "app_secret" }),
      graphApiVersion: "v23.0",
      updatedAtMs: 1,
    });
    const read = await resealingTenancy(tenancy, sealer, logger).upstream.metaCredentials(business.businessId);
    expect(sealer.open(read?.sealedSystemUserToken ?? "", { ...business, field: "system_user_token" })).toBe(
      "EAAG-token",
    );
    const stored = await tenancy.upstream.metaCredentials(business.businessId);
    expect(sealer.needsReseal(stored?.sealedSystemUserToken ?? "")).toBe(false);
    expect(sealer.needsReseal(stored?.sealedAppSecret ?? "")).toBe(false);
    expect(sealer.open(stored?.sealedAppSecret ?? "", { ...business, field: "app_secret" })).toBe("app-secret");
  });
});
