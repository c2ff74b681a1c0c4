// The ingress settings of secrets at rest, HTTP hardening and housekeeping (config.ts extends its
// schema with these; this module reads no environment).
import { z } from "zod";
import { parseSecretsKeys } from "./key-ring.ts";

const ms = z.coerce.number().int().positive();
const DAY_MS = 24 * 60 * 60 * 1000;

export const hardeningConfigShape = {
  /**
   * Key-encryption keys of secrets at rest, `kid:base64,kid:base64,…` (32 bytes each): the first
   * seals, all open; records under an older kid are re-sealed on their next read or write.
   */
  SECRETS_KEYS: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      try {
        parseSecretsKeys(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  /** Proxies whose X-Forwarded-* headers are believed: comma-separated addresses or CIDRs; none by default. */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    ),
  /** Time a client has to send a request's headers and body once connected. */
  HTTP_REQUEST_TIMEOUT_MS: ms.default(30_000),
  /** An idle socket (no request yet) is closed after this. */
  HTTP_CONNECTION_TIMEOUT_MS: ms.default(10_000),
  /** Above the load balancer's idle timeout (60 s on most), so it never reuses a closed socket. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: ms.default(72_000),
  /** The most a request without a valid token may send; Meta's signed webhooks are exempt. */
  UNAUTHENTICATED_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(16 * 1024),
  /** How often the prune job runs (with up to 20 % jitter, so replicas spread out). */
  PRUNE_INTERVAL_MS: ms.default(10 * 60 * 1000),
  /** Documents looked at per collection per run. */
  PRUNE_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Idempotency keys older than this are forgotten (a retry after it is a new request). */
  IDEMPOTENCY_RETENTION_MS: ms.default(DAY_MS),
  /** Meta retries a webhook for up to 7 days; a claim is kept a day longer. */
  UPSTREAM_DEDUPE_RETENTION_MS: ms.default(8 * DAY_MS),
  /** Parked business-webhook deliveries (announced on the DLQ) are dropped after this. */
  PARKED_DELIVERY_RETENTION_MS: ms.default(30 * DAY_MS),
};
