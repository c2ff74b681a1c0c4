// The upstream settings of the ingress config (config.ts extends its schema with these; this
// module reads no environment). Webhook secrets are optional so a dev stack without Meta still
// boots: without both, `/webhooks/meta` is not served (upstream/upstream-webhooks.ts logs that).
// The Cloud API channel needs a way to reach Meta: per-business credentials registered through the
// admin API (sealed under UPSTREAM_CREDENTIALS_KEY), or the installation-wide token, or both (the
// token then serves businesses without credentials of their own).
import { ConfigError } from "@switchboard/kit";
import { z } from "zod";
import { UPSTREAM_SENDER_GROUP } from "./upstream-sender.ts";

const rate = z.coerce.number().min(0).max(1);

export const upstreamConfigShape = {
  /** Meta app secret: the key of `X-Hub-Signature-256` on Meta's webhooks. */
  UPSTREAM_APP_SECRET: z.string().min(8).optional(),
  /** The token Meta's webhook verification handshake must present. */
  UPSTREAM_VERIFY_TOKEN: z.string().min(8).optional(),
  UPSTREAM_CHANNEL: z.enum(["simulator", "cloud_api"]).default("simulator"),
  UPSTREAM_CONSUMER_GROUP: z.string().default(UPSTREAM_SENDER_GROUP),
  UPSTREAM_CLOUD_API_BASE_URL: z.url().default("https://graph.facebook.com"),
  UPSTREAM_CLOUD_API_VERSION: z
    .string()
    .regex(/^v[0-9]{1,2}\.[0-9]$/)
    .default("v23.0"),
  UPSTREAM_CLOUD_API_TOKEN: z.string().min(1).optional(),
  /**
   * Seals the Meta credentials of businesses at rest (AES-256-GCM): 32 random bytes, base64. Without
   * it no credentials can be registered; losing it makes the registered ones unreadable.
   */
  UPSTREAM_CREDENTIALS_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64-encoded")
    .optional(),
  /** Fixes the simulated customers' behaviour; random per process when unset. */
  UPSTREAM_SIMULATOR_SEED: z.coerce.number().int().optional(),
  UPSTREAM_SIMULATOR_FAILURE_RATE: rate.default(0.02),
  UPSTREAM_SIMULATOR_READ_RATE: rate.default(0.85),
  UPSTREAM_SIMULATOR_REPLY_RATE: rate.default(0.2),
  /** How often a simulated customer orders from a product or product_list message it read. */
  UPSTREAM_SIMULATOR_ORDER_RATE: rate.default(0.3),
  /** Multiplies the simulator's realistic delays (0 = instant, for load tests). */
  UPSTREAM_SIMULATOR_DELAY_SCALE: z.coerce.number().min(0).max(100).default(1),
};

export const upstreamConfigSchema = z.object(upstreamConfigShape);
export type UpstreamConfig = z.output<typeof upstreamConfigSchema>;

/**
 * The installation-wide Cloud API token (undefined when businesses bring their own), failing fast
 * at boot when the channel is chosen with no way to reach Meta at all.
 */
export function cloudApiTokenOf(config: UpstreamConfig): string | undefined {
  if (!config.UPSTREAM_CLOUD_API_TOKEN && !config.UPSTREAM_CREDENTIALS_KEY) {
    throw new ConfigError([
      "UPSTREAM_CLOUD_API_TOKEN: required when UPSTREAM_CHANNEL=cloud_api and UPSTREAM_CREDENTIALS_KEY is not set",
    ]);
  }
  return config.UPSTREAM_CLOUD_API_TOKEN;
}
