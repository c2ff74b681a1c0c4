import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import {
  createBusinessBody,
  createTenantBody,
  hostingChangeBody,
  metaCredentialsBody,
  parseBody,
  phoneNumberBody,
} from "./admin-bodies.ts";

function graphErrorOf(run: () => unknown): GraphError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
}

describe("admin request bodies", () => {
  it("accepts the original tenant body and defaults the kind to enterprise", () => {
    const body = parseBody(createTenantBody, {
      name: "Demo",
      phone_numbers: [{ display_phone_number: "+1 555 010 0100", hosting_mode: "cloud", catalog_id: "c1" }],
    });
    expect(body.kind).toBe("enterprise");
    expect(body.phone_numbers[0]?.hosting_mode).toBe("cloud");
  });

  it("takes a per-number throughput between 1 and 1,000 messages per second", () => {
    const number = { display_phone_number: "+15550100", hosting_mode: "cloud" };
    expect(parseBody(phoneNumberBody, { ...number, throughput_mps: 1_000 }).throughput_mps).toBe(1_000);
    expect(graphErrorOf(() => parseBody(phoneNumberBody, { ...number, throughput_mps: 1_001 })).code).toBe(131009);
    expect(graphErrorOf(() => parseBody(phoneNumberBody, { ...number, throughput_mps: 0 })).code).toBe(131009);
  });

  it("names a missing field with 131008 and an invalid one with 131009", () => {
    const missing = graphErrorOf(() => parseBody(createBusinessBody, {}));
    expect(missing.code).toBe(131008);
    expect(missing.details).toBe("name is required");
    const invalid = graphErrorOf(() =>
      parseBody(phoneNumberBody, { display_phone_number: "call me", hosting_mode: "cloud" }),
    );
    expect(invalid.code).toBe(131009);
    expect(invalid.details).toContain("display_phone_number");
  });

  it("rejects unknown hosting modes, unknown fields and a missing body", () => {
    expect(
      graphErrorOf(() => parseBody(phoneNumberBody, { display_phone_number: "+15550100", hosting_mode: "moon" }))
        .details,
    ).toContain("hosting_mode");
    expect(graphErrorOf(() => parseBody(createBusinessBody, { name: "x", $where: "1" })).code).toBe(131009);
    expect(graphErrorOf(() => parseBody(createBusinessBody, undefined)).code).toBe(131008);
  });

  it("requires bsp_name exactly for bsp numbers", () => {
    const base = { reason: "migration", changed_by: "ops" };
    expect(graphErrorOf(() => parseBody(hostingChangeBody, { ...base, hosting_mode: "bsp" })).details).toBe(
      "bsp_name: is required when hosting_mode is bsp",
    );
    expect(
      graphErrorOf(() => parseBody(hostingChangeBody, { ...base, hosting_mode: "cloud", bsp_name: "acme" })).details,
    ).toContain("only allowed");
    expect(parseBody(hostingChangeBody, { ...base, hosting_mode: "bsp", bsp_name: "acme" }).bsp_name).toBe("acme");
  });

  it("requires a reason and who made a hosting change", () => {
    expect(graphErrorOf(() => parseBody(hostingChangeBody, { hosting_mode: "cloud", changed_by: "ops" })).details).toBe(
      "reason is required",
    );
    expect(
      graphErrorOf(() => parseBody(hostingChangeBody, { hosting_mode: "cloud", reason: "  ", changed_by: "ops" })).code,
    ).toBe(131009);
  });

  it("refuses the same display number twice in one tenant body", () => {
    const number = { display_phone_number: "+15550100", hosting_mode: "cloud" };
    const error = graphErrorOf(() => parseBody(createTenantBody, { name: "x", phone_numbers: [number, number] }));
    expect(error.details).toContain("same display_phone_number");
  });

  it("takes the ids Meta gave a business account and a number, decimal only", () => {
    const number = { display_phone_number: "+15550100", hosting_mode: "cloud" };
    expect(
      parseBody(phoneNumberBody, { ...number, meta_phone_number_id: "106540352242922" }).meta_phone_number_id,
    ).toBe("106540352242922");
    expect(parseBody(createBusinessBody, { name: "Shop", meta_business_account_id: "102290129340398" })).toEqual({
      name: "Shop",
      meta_business_account_id: "102290129340398",
    });
    expect(graphErrorOf(() => parseBody(phoneNumberBody, { ...number, meta_phone_number_id: "10654x" })).code).toBe(
      131009,
    );
  });

  it("takes Meta credentials with a token, an app secret and a Graph API version, nothing else", () => {
    const credentials = {
      system_user_token: "EAAG".padEnd(40, "x"),
      app_secret: "0123456789abcdef0123",
      graph_api_version: "v23.0",
    };
    expect(parseBody(metaCredentialsBody, credentials)).toEqual(credentials);
    expect(graphErrorOf(() => parseBody(metaCredentialsBody, { ...credentials, graph_api_version: "23" })).code).toBe(
      131009,
    );
    expect(graphErrorOf(() => parseBody(metaCredentialsBody, { ...credentials, app_secret: undefined })).code).toBe(
      131008,
    );
    expect(graphErrorOf(() => parseBody(metaCredentialsBody, { ...credentials, extra: 1 })).code).toBe(131009);
  });
});
