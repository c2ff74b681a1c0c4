// The store contracts against the Mongo adapters on the real MongoDB-wire server, in databases of
// this file's own (the in-memory runs are unit tests beside the ports). The delivery store's claims
// and parked listing span every tenant, so each of its cases gets an empty database.
import { connectMongo } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll } from "vitest";
import {
  createMongoDeliveryStore,
  type MongoDeliveryStoreOptions,
} from "../src/business-webhooks/mongo-delivery-store.ts";
import { createMongoSubscriptionStore } from "../src/business-webhooks/mongo-subscription-store.ts";
import { createMongoIdempotencyStore } from "../src/idempotency/mongo-idempotency-store.ts";
import { createMongoUpstreamDedupe } from "../src/upstream/mongo-upstream-dedupe.ts";
import { createMongoUpstreamMessageIds } from "../src/upstream-ids/mongo-upstream-message-ids.ts";
import { describeDeliveryStoreContract } from "./support/delivery-store-contract.ts";
import { describeIdempotencyStoreContract } from "./support/idempotency-store-contract.ts";
import { describeSubscriptionStoreContract } from "./support/subscription-store-contract.ts";
import { describeUpstreamDedupeContract } from "./support/upstream-dedupe-contract.ts";
import { describeUpstreamMessageIdsContract } from "./support/upstream-message-ids-contract.ts";

const servers = testServers();
let mongo: Connection | undefined;
const databases: Connection[] = [];
const connection = async () => {
  mongo ??= await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingress_stores") });
  return mongo;
};
/** Another database over the same connection pool. */
const freshDatabase = async () => {
  const db = (await connection()).useDb(uniqueName("ingress_deliveries"), { useCache: false });
  databases.push(db);
  return db;
};

beforeAll(async () => {
  await connection();
});
afterAll(async () => {
  for (const db of [...databases, mongo]) await db?.dropDatabase().catch(() => {});
  await mongo?.close();
});

/** A delivery store in a fresh database, and the size of its work queue, `pending_deliveries`. */
const deliveryStoreIn = async (options: MongoDeliveryStoreOptions) => {
  const db = await freshDatabase();
  return {
    store: await createMongoDeliveryStore(db, options),
    queueSize: () => db.collection("pending_deliveries").countDocuments(),
  };
};
describeDeliveryStoreContract("mongo", (options) => deliveryStoreIn(options));
describeSubscriptionStoreContract("mongo", async () => createMongoSubscriptionStore(await connection()));
describeIdempotencyStoreContract("mongo", async (options) => createMongoIdempotencyStore(await connection(), options));
describeUpstreamDedupeContract("mongo", async () => createMongoUpstreamDedupe(await connection()));
describeUpstreamMessageIdsContract("mongo", async () => createMongoUpstreamMessageIds(await connection()));
