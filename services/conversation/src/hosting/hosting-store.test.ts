// The HostingStore contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts).
import { describeHostingStoreContract } from "../../test/support/hosting-store-contract.ts";
import { createInMemoryHostingStore } from "../../test/support/in-memory-hosting-store.ts";

describeHostingStoreContract("in-memory", async () => createInMemoryHostingStore());
