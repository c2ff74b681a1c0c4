// The DNS step of outbound HTTP, where the address policy is enforced: a host name is resolved
// once, every address it resolves to is checked, and the socket connects to the checked address
// itself (node's `lookup` hook), so a second resolution answering something else (DNS rebinding)
// is never made. A host that resolves to any refused address is refused as a whole.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { AddressPolicy } from "./address-policy.ts";

/** Resolves a host name to its addresses (injectable so tests can play a rebinding DNS). */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/** Thrown (as the socket's error) when the policy refuses the address. Carries no address. */
export class AddressRefusedError extends Error {
  override readonly name = "AddressRefusedError";
  /** For our logs only: the host whose address was refused. */
  readonly host: string;
  constructor(host: string) {
    super("connection refused by policy");
    this.host = host;
  }
}

export function policyLookup(policy: AddressPolicy, resolve: Resolver): LookupFunction {
  return (host, options, callback) => {
    resolve(host).then(
      (addresses) => {
        const first = addresses[0];
        if (!first || addresses.some((a) => !policy.allows(host, a.address))) {
          callback(new AddressRefusedError(host), "", 4);
          return;
        }
        if (options.all) callback(null, [first]);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}
