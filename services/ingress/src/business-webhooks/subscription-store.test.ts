// The SubscriptionStore contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts).
import { createInMemorySubscriptionStore } from "../../test/support/in-memory-subscription-store.ts";
import { describeSubscriptionStoreContract } from "../../test/support/subscription-store-contract.ts";

describeSubscriptionStoreContract("in-memory", async () => createInMemorySubscriptionStore());
