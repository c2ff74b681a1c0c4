// The store contracts against the Mongo adapters on the real MongoDB-wire server, in a database
// of this file's own (the in-memory runs are unit tests beside the ports).
import { connectMongo } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll } from "vitest";
import { createMongoHostingStore } from "../src/hosting/mongo-hosting-store.ts";
import { createMongoPrivacyStore } from "../src/privacy/mongo-privacy-store.ts";
import { createMongoConversationStore } from "../src/store/mongo-conversation-store.ts";
import { describeConversationStoreContract } from "./support/conversation-store-contract.ts";
import { describeHostingStoreContract } from "./support/hosting-store-contract.ts";
import { describePrivacyStoreContract } from "./support/privacy-store-contract.ts";

const servers = testServers();
let mongo: Connection | undefined;
const connection = async () => {
  mongo ??= await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("storecontract") });
  return mongo;
};

beforeAll(async () => {
  await connection();
});
afterAll(async () => {
  await mongo?.dropDatabase().catch(() => {});
  await mongo?.close();
});

describeConversationStoreContract("mongo", async () => createMongoConversationStore(await connection()));
describeHostingStoreContract("mongo", async () => createMongoHostingStore(await connection()));
describePrivacyStoreContract("mongo", async () => createMongoPrivacyStore(await connection()));
