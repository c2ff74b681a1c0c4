// The UpstreamDedupe contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts).
import { createInMemoryUpstreamDedupe } from "../../test/support/in-memory-upstream-dedupe.ts";
import { describeUpstreamDedupeContract } from "../../test/support/upstream-dedupe-contract.ts";

describeUpstreamDedupeContract("in-memory", async () => createInMemoryUpstreamDedupe());
