import { describe, expect, it } from "vitest";
import { formatHostPort, mongoUriHosts, parseBrokerList, parseHostPort } from "./host-port.ts";

describe("parseHostPort", () => {
  it("reads host:port and bracketed IPv6", () => {
    expect(parseHostPort("127.0.0.1:39092")).toEqual({ host: "127.0.0.1", port: 39092 });
    expect(parseHostPort("[::1]:9092")).toEqual({ host: "::1", port: 9092 });
  });

  it("uses the default port only when one is given", () => {
    expect(parseHostPort("db", 27017)).toEqual({ host: "db", port: 27017 });
    expect(() => parseHostPort("db")).toThrow(/no port/);
  });
});

describe("parseBrokerList", () => {
  it("splits and trims a comma list", () => {
    expect(parseBrokerList("a:1, b:2")).toEqual([
      { host: "a", port: 1 },
      { host: "b", port: 2 },
    ]);
  });
});

describe("mongoUriHosts", () => {
  it("drops credentials, path and options", () => {
    expect(mongoUriHosts("mongodb://u:p@h1:1,h2/db?replicaSet=rs")).toEqual([
      { host: "h1", port: 1 },
      { host: "h2", port: 27017 },
    ]);
  });

  it("cannot know the hosts of an SRV URI", () => {
    expect(mongoUriHosts("mongodb+srv://cluster.example/")).toBeNull();
  });
});

describe("formatHostPort", () => {
  it("brackets IPv6 hosts", () => {
    expect(formatHostPort({ host: "::1", port: 1 })).toBe("[::1]:1");
    expect(formatHostPort({ host: "a", port: 1 })).toBe("a:1");
  });
});
