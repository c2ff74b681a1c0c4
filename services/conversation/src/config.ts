// The conversation service's configuration schema, parsed once at boot: main.ts passes it the
// environment (main.ts is the only module of this service that touches process.env) and hands the
// typed result down.
import { commonConfigSchema, loadConfig, ports } from "@switchboard/kit";
import { z } from "zod";

export const conversationConfigSchema = commonConfigSchema.extend({
  GRPC_HOST: z.string().default("0.0.0.0"),
  GRPC_PORT: ports.port.default(50051),
  HTTP_PORT: ports.port.default(8081),
  MONGODB_DATABASE: z.string().default("switchboard_conversation"),
  CONSUMER_GROUP: z.string().default("conversation"),
  // The retention job (src/privacy/retention-job.ts): how often it runs, and messages per batch.
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
});

export type ConversationConfig = z.output<typeof conversationConfigSchema>;

export function loadConversationConfig(env: Readonly<Record<string, string | undefined>>): ConversationConfig {
  return loadConfig(conversationConfigSchema, env);
}
