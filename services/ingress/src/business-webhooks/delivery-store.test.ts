// The DeliveryStore contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts).
import { describeDeliveryStoreContract } from "../../test/support/delivery-store-contract.ts";
import { createInMemoryDeliveryStore } from "../../test/support/in-memory-delivery-store.ts";

describeDeliveryStoreContract("in-memory", async () => createInMemoryDeliveryStore());
