// The TemplateStore contract against the real MongoDB-wire server (FerretDB in dev), in the
// test's own database.
import { connectMongo } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll } from "vitest";
import { createMongoTemplateStore } from "../src/templates/mongo-template-store.ts";
import { describeTemplateStoreContract } from "./support/template-store-contract.ts";

const servers = testServers();
let mongo: Connection | undefined;

describeTemplateStoreContract("mongo", async () => {
  mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingress_template_store") });
  return createMongoTemplateStore(mongo);
});

afterAll(async () => {
  await mongo?.dropDatabase().catch(() => {});
  await mongo?.close();
});
