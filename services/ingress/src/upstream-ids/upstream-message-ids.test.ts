// The UpstreamMessageIds contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts).
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import { describeUpstreamMessageIdsContract } from "../../test/support/upstream-message-ids-contract.ts";

describeUpstreamMessageIdsContract("in-memory", async () => createInMemoryUpstreamMessageIds());
