// The template settings of the ingress config (config.ts extends its schema with these; this
// module reads no environment).
import { z } from "zod";

export const TEMPLATE_CONSUMER_GROUP = "ingress-templates";

export const templateConfigShape = {
  /** How long the upstream simulator takes to review a new template (Meta: minutes to a day). */
  TEMPLATE_REVIEW_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
  /** How long a replica serves a template from memory to sends (changes elsewhere lag by this). */
  TEMPLATE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /**
   * How often each replica imports every business's templates from Meta when relaying to Meta
   * (UPSTREAM_CHANNEL=cloud_api); 0 turns the periodic import off (credential registration and the
   * admin route still import).
   */
  TEMPLATE_SYNC_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(15 * 60 * 1000),
  /** Consumer group applying and forwarding the upstream's template webhooks. */
  TEMPLATE_CONSUMER_GROUP: z.string().default(TEMPLATE_CONSUMER_GROUP),
};

const templateConfigSchema = z.object(templateConfigShape);
export type TemplateConfig = z.output<typeof templateConfigSchema>;
