// The outbound-HTTP settings of the ingress config (config.ts extends its schema with these; this
// module reads no environment). The default refuses every non-public address: an installation
// whose receivers live on a private network (development, tests, an on-premise business) names
// them in OUTBOUND_ALLOW_HOSTS or, for a dev box only, sets OUTBOUND_ALLOW_PRIVATE_NETWORKS.
import { z } from "zod";

export const outboundConfigShape = {
  /** Dev and tests only: outbound HTTP may reach loopback and private addresses. */
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
  /** Comma-separated host names or IPs outbound HTTP may reach even when they are private. */
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter((host) => host !== ""),
    ),
  /** Most bytes read (after decompression) from a business's answer to a webhook or handshake. */
  OUTBOUND_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  /** One media file's download from Meta (connect, answer and every byte). */
  OUTBOUND_MEDIA_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
};

export type OutboundConfig = {
  [K in keyof typeof outboundConfigShape]: z.output<(typeof outboundConfigShape)[K]>;
};
