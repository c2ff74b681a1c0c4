import { describe, expect, it } from "vitest";
import { chooseServerSource } from "./server-source.ts";

describe("test server source", () => {
  it("uses the servers the environment names, even with Docker around", () => {
    expect(chooseServerSource({ envNamesBoth: true, dockerEngine: true })).toBe("dev stack");
  });

  it("uses containers when a Docker engine answers and the environment names nothing", () => {
    expect(chooseServerSource({ envNamesBoth: false, dockerEngine: true })).toBe("containers");
  });

  it("starts the dev stack on machines without a Docker engine", () => {
    expect(chooseServerSource({ envNamesBoth: false, dockerEngine: false })).toBe("dev stack");
  });
});
