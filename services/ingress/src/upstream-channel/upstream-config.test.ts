// The Cloud API channel's boot check: it needs a way to reach Meta — the installation's token, or
// the key that seals the credentials businesses register — and says which variable is missing.
import { randomBytes } from "node:crypto";
import { ConfigError } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { cloudApiTokenOf, upstreamConfigSchema } from "./upstream-config.ts";

const parse = (env: Record<string, string>) => upstreamConfigSchema.parse({ UPSTREAM_CHANNEL: "cloud_api", ...env });

describe("upstream config", () => {
  it("boots the Cloud API channel with a token, with a credentials key, or both", () => {
    const key = randomBytes(32).toString("base64");
    expect(cloudApiTokenOf(parse({ UPSTREAM_CLOUD_API_TOKEN: "EAAG-installation" }))).toBe("EAAG-installation");
    expect(cloudApiTokenOf(parse({ UPSTREAM_CREDENTIALS_KEY: key }))).toBeUndefined();
    expect(cloudApiTokenOf(parse({ UPSTREAM_CREDENTIALS_KEY: key, UPSTREAM_CLOUD_API_TOKEN: "t" }))).toBe("t");
  });

  it("refuses to boot it with neither, naming the variable, and takes only a 32-byte key", () => {
    expect(() => cloudApiTokenOf(parse({}))).toThrow(ConfigError);
    expect(() => cloudApiTokenOf(parse({}))).toThrow(/UPSTREAM_CLOUD_API_TOKEN/);
    expect(() => parse({ UPSTREAM_CREDENTIALS_KEY: randomBytes(16).toString("base64") })).toThrow(/32 bytes/);
  });
});
