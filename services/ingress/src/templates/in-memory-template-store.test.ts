import { createInMemoryTemplateStore } from "../../test/support/in-memory-template-store.ts";
import { describeTemplateStoreContract } from "../../test/support/template-store-contract.ts";

describeTemplateStoreContract("in-memory", async () => createInMemoryTemplateStore());
