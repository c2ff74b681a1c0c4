// The ConversationStore contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts).
import { describeConversationStoreContract } from "../../test/support/conversation-store-contract.ts";
import { createInMemoryConversationStore } from "../../test/support/in-memory-conversation-store.ts";

describeConversationStoreContract("in-memory", async () => createInMemoryConversationStore());
