// Which network addresses outbound HTTP may connect to. A business's callback URL (and any URL a
// third party hands us) must never reach into our own network: loopback, private ranges, link-local
// (cloud metadata at 169.254.169.254 / fd00:ec2::254), CGNAT, multicast and the unspecified address are
// refused, in IPv4 and IPv6, IPv4-mapped and -translated forms included. The check runs on the
// address actually connected to (see policy-lookup.ts), never on the URL's text alone.
// Development installations and tests post to 127.0.0.1: they opt in by config, never by default.
import { BlockList, isIP } from "node:net";

export interface AddressPolicyOptions {
  /** Every address allowed (dev and tests only). */
  allowPrivateNetworks: boolean;
  /** Host names (lower case) or literal IPs allowed whatever they resolve to. */
  allowHosts: readonly string[];
}

export interface AddressPolicy {
  /** True when `host` may be reached at `address` (the resolved or literal IP). */
  allows(host: string, address: string): boolean;
}

// IANA special-purpose registries, the parts that are not the public internet.
const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network", 0.0.0.0 reaches the local host
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const BLOCKED_V6: ReadonlyArray<readonly [string, number]> = [
  ["::", 128], // unspecified
  ["::1", 128],
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local (fd00:ec2::254 is AWS's metadata)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // old site-local
  ["ff00::", 8], // multicast
];

const blocked = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, "ipv6");

/** The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | undefined {
  const words = ipv6Words(address);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const [w0, w1, w2, w3, w4, w5, w6, w7] = words as [number, number, number, number, number, number, number, number];
  const zeroTo = (n: number) => words.slice(0, n).every((w) => w === 0);
  if (zeroTo(5) && w5 === 0xffff) return v4(w6, w7); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeroTo(6) && (w6 !== 0 || w7 > 1)) return v4(w6, w7); // ::a.b.c.d, deprecated IPv4-compatible
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0) return v4(w6, w7); // NAT64
  if (w0 === 0x2002) return v4(w1, w2); // 6to4
  return undefined;
}

/** The eight 16-bit words of an IPv6 address (without zone id), or undefined. */
function ipv6Words(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes its two hex words first.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) => {
    const hex = (hi: string, lo: string) => ((Number(hi) << 8) | Number(lo)).toString(16);
    return `${hex(a, b)}:${hex(c, d)}`;
  });
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((h) => Number.parseInt(h, 16)));
  const [head = "", rest] = text.split("::");
  const left = parse(head);
  if (rest === undefined) return left;
  const right = parse(rest);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** True for an address outbound HTTP must not reach unless the config allows it (see the policy). */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address.split("%")[0] ?? "");
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  const plain = address.split("%")[0] ?? "";
  const v4 = embeddedIpv4(plain);
  if (v4 !== undefined) return blocked.check(v4, "ipv4");
  return blocked.check(plain, "ipv6");
}

export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  const hosts = new Set(options.allowHosts.map((h) => h.trim().toLowerCase()).filter((h) => h !== ""));
  return {
    allows(host, address) {
      if (options.allowPrivateNetworks) return true;
      const name = host.toLowerCase().replace(/^\[|\]$/g, "");
      if (hosts.has(name) || hosts.has(address.toLowerCase())) return true;
      return !isBlockedAddress(address);
    },
  };
}
