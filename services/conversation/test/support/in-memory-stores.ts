// The service's store ports as in-memory adapters, for unit tests: what they hand to
// buildConversationService in place of createMongoConversationStores.
import type { ConversationStores } from "../../src/conversation-stores.ts";
import { createInMemoryConversationStore } from "./in-memory-conversation-store.ts";
import { createInMemoryHostingStore } from "./in-memory-hosting-store.ts";
import { createInMemoryPrivacyStore } from "./in-memory-privacy-store.ts";

export function createInMemoryConversationStores(): ConversationStores {
  return {
    conversations: createInMemoryConversationStore(),
    hosting: createInMemoryHostingStore(),
    privacy: createInMemoryPrivacyStore(),
  };
}
