// The environment a rendered Deployment gives its container (its ConfigMaps, in envFrom order,
// then its env; secrets as placeholders of the right shape) and each service's config schema, so
// the invariant test can check that every variable the manifests set is one the service reads.
import { analyticsConfigSchema } from "../../../../services/analytics/src/config.ts";
import { catalogConfigSchema } from "../../../../services/catalog/src/config.ts";
import { conversationConfigSchema } from "../../../../services/conversation/src/config.ts";
import { ingressConfigSchema } from "../../../../services/ingress/src/config.ts";
import type { KubeObject } from "../../src/render.ts";
import type { PodSpec } from "./kube-objects.ts";

export const serviceSchemas = {
  ingress: ingressConfigSchema,
  conversation: conversationConfigSchema,
  catalog: catalogConfigSchema,
  analytics: analyticsConfigSchema,
} as const;

/** What a secret key stands for when the manifests' values are parsed (the real ones are not here). */
const SECRET_PLACEHOLDERS: Record<string, string> = {
  MONGODB_URI: "mongodb://mongodb.example:27017/",
  ADMIN_TOKEN: "placeholder-admin-token-0123456789abcdef",
  INTERNAL_AUTH_KEYS: `placeholder:${Buffer.alloc(32, 1).toString("base64")}`,
};

export function serviceEnvironment(objects: readonly KubeObject[], spec: PodSpec): Record<string, string> {
  const container = spec.containers[0];
  const env: Record<string, string> = {};
  for (const from of container?.envFrom ?? []) {
    const name = from.configMapRef?.name;
    const map = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === name) as
      | (KubeObject & { data?: Record<string, string> })
      | undefined;
    if (!map) throw new Error(`ConfigMap ${name} is not rendered`);
    Object.assign(env, map.data ?? {});
  }
  for (const variable of container?.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.secretKeyRef) {
      const placeholder = SECRET_PLACEHOLDERS[variable.name];
      // Optional secret keys may be absent from the Secret: leave them out.
      if (placeholder !== undefined) env[variable.name] = placeholder;
    }
  }
  return env;
}
