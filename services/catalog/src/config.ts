// The catalog service's configuration schema, parsed once at boot: main.ts passes it the
// environment (main.ts is the only module of this service that touches process.env) and hands the
// typed result down.
import { commonConfigSchema, loadConfig, ports } from "@switchboard/kit";
import { z } from "zod";

export const catalogConfigSchema = commonConfigSchema.extend({
  GRPC_HOST: z.string().default("0.0.0.0"),
  GRPC_PORT: ports.port.default(50052),
  HTTP_PORT: ports.port.default(8082),
  MONGODB_DATABASE: z.string().default("switchboard_catalog"),
  /** How orders some of whose lines cannot be reserved are taken (until per-business settings). */
  ORDER_POLICY: z.enum(["partial", "whole"]).default("partial"),
  /** Index product heads for catalog pages: on for MongoDB, off for FerretDB v1 (see decisions). */
  MONGODB_PRODUCT_LIST_INDEX: z.stringbool().default(false),
  /**
   * How often unconfirmed outbox intents (a crash between an append and its publish) are
   * republished; only intents at least this old are taken, so live writers confirm their own.
   */
  OUTBOX_REPUBLISH_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
});

export type CatalogConfig = z.output<typeof catalogConfigSchema>;

export function loadCatalogConfig(env: Readonly<Record<string, string | undefined>>): CatalogConfig {
  return loadConfig(catalogConfigSchema, env);
}
