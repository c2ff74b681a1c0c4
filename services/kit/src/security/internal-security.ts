// Everything a service needs to take part in authenticated internal traffic, resolved once at boot
// from its config: the key ring (scope tokens and event origin), gRPC mutual TLS, whether to serve
// reflection, and the Kafka client's TLS/SASL. Fails with ConfigError naming the variable.
import { ConfigError } from "../config/load-config.ts";
import { type InternalTls, readInternalTls } from "../grpc/internal-tls.ts";
import { type KafkaSecurity, kafkaSecurityOf } from "./kafka-security.ts";
import { type KeyRing, resolveKeyRing } from "./key-ring.ts";
import type { InternalSecurityConfig } from "./security-config.ts";

export interface InternalSecurity {
  keys: KeyRing;
  tls: InternalTls | undefined;
  reflection: boolean;
  kafka: KafkaSecurity;
}

export function internalSecurityOf(config: InternalSecurityConfig): InternalSecurity {
  const keys = resolveKeyRing("INTERNAL_AUTH_KEYS", config.INTERNAL_AUTH_KEYS, config.NODE_ENV);
  let tls: InternalTls | undefined;
  try {
    tls = readInternalTls({ ca: config.GRPC_TLS_CA, cert: config.GRPC_TLS_CERT, key: config.GRPC_TLS_KEY });
  } catch (error) {
    throw new ConfigError([`GRPC_TLS_CERT: ${(error as Error).message}`]);
  }
  return {
    keys,
    tls,
    reflection: config.GRPC_REFLECTION ?? config.NODE_ENV !== "production",
    kafka: kafkaSecurityOf(config),
  };
}
