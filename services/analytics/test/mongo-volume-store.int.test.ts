// The VolumeStore contract against the real MongoDB-wire server (FerretDB in the dev stack), in a
// database of its own.
import { connectMongo } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll } from "vitest";
import { COUNTED_TOPICS } from "../src/events/observation-of.ts";
import { createMongoVolumeStore } from "../src/store/mongo-volume-store.ts";
import { describeVolumeStoreContract } from "./support/volume-store-contract.ts";

const { mongodbUri } = testServers();
let connection: Connection | undefined;

afterAll(async () => {
  await connection?.dropDatabase().catch(() => undefined);
  await connection?.close();
});

describeVolumeStoreContract("mongo", async () => {
  connection ??= await connectMongo({ uri: mongodbUri, dbName: uniqueName("analytics_store") });
  return createMongoVolumeStore(connection, { topics: COUNTED_TOPICS, partitions: 3 });
});
