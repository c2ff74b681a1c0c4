// The PrivacyStore contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts).
import { createInMemoryPrivacyStore } from "../../test/support/in-memory-privacy-store.ts";
import { describePrivacyStoreContract } from "../../test/support/privacy-store-contract.ts";

describePrivacyStoreContract("in-memory", async () => createInMemoryPrivacyStore());
