// The catalog service's configuration: the only module of this service that reads
// process.env (through main.ts passing it in). KAFKA_BROKERS is required by the common schema
// even though catalog publishes nothing yet: the platform always passes it, and inventory
// events will need it.
import { commonConfigSchema, loadConfig, ports } from "@switchboard/kit";
import { z } from "zod";

export const catalogConfigSchema = commonConfigSchema.extend({
  GRPC_HOST: z.string().default("0.0.0.0"),
  GRPC_PORT: ports.port.default(50052),
  HTTP_PORT: ports.port.default(8082),
  MONGODB_DATABASE: z.string().default("switchboard_catalog"),
});

export type CatalogConfig = z.output<typeof catalogConfigSchema>;

export function loadCatalogConfig(env: Readonly<Record<string, string | undefined>>): CatalogConfig {
  return loadConfig(catalogConfigSchema, env);
}
