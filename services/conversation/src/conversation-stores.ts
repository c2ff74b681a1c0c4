// The service's store ports, one owning adapter per collection set: conversations (threads,
// messages, aliases), hosting (history, fan-out progress, number hosting) and privacy
// (preferences, policies, tombstones, retention runs). The builder takes them as one value, so
// main.ts passes the Mongo adapters and tests pass in-memory ones (test/support).
import type { Connection } from "mongoose";
import type { HostingStore } from "./hosting/hosting-store.ts";
import { createMongoHostingStore } from "./hosting/mongo-hosting-store.ts";
import { createMongoPrivacyStore } from "./privacy/mongo-privacy-store.ts";
import type { PrivacyStore } from "./privacy/privacy-store.ts";
import type { ConversationStore } from "./store/conversation-store.ts";
import { createMongoConversationStore } from "./store/mongo-conversation-store.ts";

export interface ConversationStores {
  conversations: ConversationStore;
  hosting: HostingStore;
  privacy: PrivacyStore;
}

/** The Mongo adapters over the connection the caller owns (their indexes created). */
export async function createMongoConversationStores(connection: Connection): Promise<ConversationStores> {
  const [conversations, hosting, privacy] = await Promise.all([
    createMongoConversationStore(connection),
    createMongoHostingStore(connection),
    createMongoPrivacyStore(connection),
  ]);
  return { conversations, hosting, privacy };
}
