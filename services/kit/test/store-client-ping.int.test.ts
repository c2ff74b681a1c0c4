// The watchdog's second opinion (mongo/store-client-watchdog.ts) against the real store: a fresh
// client reaches it, and a store that is not there is reported, not hung on.
import { testServers } from "@switchboard/testing/test-servers";
import { describe, expect, it } from "vitest";
import { pingWithFreshClient } from "../src/mongo/connect-mongo.ts";

describe("a ping through a fresh client", () => {
  const servers = testServers();

  it("answers from the running store", async () => {
    await expect(pingWithFreshClient(servers.mongodbUri, 2_000)).resolves.toBeUndefined();
  });

  it("rejects where no store listens (the test's own timeout catches a hang)", async () => {
    await expect(pingWithFreshClient("mongodb://127.0.0.1:1/", 500)).rejects.toThrow(/ECONNREFUSED|Server selection/);
  });
});
