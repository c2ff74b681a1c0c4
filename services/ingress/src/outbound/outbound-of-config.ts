// The outbound clients as the config sets them up: one per consumer (webhook delivery, handshakes,
// media archive), each with the same policy; they hold no connection, so there is nothing to close.
import { createAddressPolicy } from "./address-policy.ts";
import type { OutboundConfig } from "./outbound-config.ts";
import { createOutboundHttp, type OutboundHttp } from "./outbound-http.ts";
import { createOutboundStream, type OutboundStream } from "./outbound-stream.ts";

type PolicyConfig = Pick<OutboundConfig, "OUTBOUND_ALLOW_PRIVATE_NETWORKS" | "OUTBOUND_ALLOW_HOSTS">;

const policyOf = (config: PolicyConfig, trustedHosts: readonly string[]) =>
  createAddressPolicy({
    allowPrivateNetworks: config.OUTBOUND_ALLOW_PRIVATE_NETWORKS,
    allowHosts: [...config.OUTBOUND_ALLOW_HOSTS, ...trustedHosts],
  });

export function outboundHttpOf(config: PolicyConfig): OutboundHttp {
  return createOutboundHttp({ policy: policyOf(config, []) });
}

/** `trustedHosts`: hosts the operator configured themselves (the Graph base URL's), allowed as set. */
export function outboundStreamOf(config: PolicyConfig, trustedHosts: readonly string[] = []): OutboundStream {
  return createOutboundStream({ policy: policyOf(config, trustedHosts) });
}
