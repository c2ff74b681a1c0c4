import { describe, expect, it } from "vitest";
import { createAddressPolicy, isBlockedAddress } from "./address-policy.ts";

describe("the outbound address policy", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "0.0.0.0",
    "::",
    "::1",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd00:ec2::254",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "::ffff:10.0.0.1",
    "::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::",
    "not-an-ip",
  ])("refuses %s", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "157.240.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2a03:2880:f10c::1",
    "2606:4700::1111",
    "::ffff:8.8.8.8",
  ])("allows the public address %s", (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it("lets an allow-listed host or address through, and only that one", () => {
    const policy = createAddressPolicy({ allowPrivateNetworks: false, allowHosts: ["receiver.internal", "10.1.2.3"] });
    expect(policy.allows("receiver.internal", "10.9.9.9")).toBe(true);
    expect(policy.allows("10.1.2.3", "10.1.2.3")).toBe(true);
    expect(policy.allows("other.internal", "10.9.9.9")).toBe(false);
    expect(policy.allows("example.com", "93.184.215.14")).toBe(true);
  });

  it("allows everything only when private networks are allowed by config", () => {
    expect(createAddressPolicy({ allowPrivateNetworks: true, allowHosts: [] }).allows("localhost", "127.0.0.1")).toBe(
      true,
    );
    expect(createAddressPolicy({ allowPrivateNetworks: false, allowHosts: [] }).allows("localhost", "127.0.0.1")).toBe(
      false,
    );
  });
});
