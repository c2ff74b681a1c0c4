import { describe, expect, it } from "vitest";
import { withDefaultGraphVersion } from "./unversioned-path.ts";

const rewrite = withDefaultGraphVersion("v23.0");

describe("withDefaultGraphVersion", () => {
  it("adds the default version to a path that starts with a Graph id", () => {
    expect(rewrite("/106540352242922/messages")).toBe("/v23.0/106540352242922/messages");
    expect(rewrite("/1234567890")).toBe("/v23.0/1234567890");
    expect(rewrite("/1234567890?fields=analytics")).toBe("/v23.0/1234567890?fields=analytics");
  });

  it("leaves versioned Graph paths and every other route alone", () => {
    for (const url of [
      "/v21.0/106540352242922/messages",
      "/admin/v1/tenants",
      "/webhooks/meta",
      "/v1/webhook-subscriptions",
      "/readyz",
      "/",
      "/abc/messages",
    ]) {
      expect(rewrite(url)).toBe(url);
    }
  });
});
