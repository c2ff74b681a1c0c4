import { createInMemoryRevisionChain } from "../../test/support/in-memory-catalog-stores.ts";
import { describeRevisionChainContract } from "../../test/support/revision-chain-contract.ts";

describeRevisionChainContract("in-memory", async () => createInMemoryRevisionChain());
