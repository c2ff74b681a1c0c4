// The IdempotencyStore contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts).
import { describeIdempotencyStoreContract } from "../../test/support/idempotency-store-contract.ts";
import { createInMemoryIdempotencyStore } from "../../test/support/in-memory-idempotency-store.ts";

describeIdempotencyStoreContract("in-memory", async (options) => createInMemoryIdempotencyStore(options));
