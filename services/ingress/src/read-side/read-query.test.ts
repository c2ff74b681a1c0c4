import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { parseMessageListQuery, parseNoQuery, parseThreadListQuery } from "./read-query.ts";

const errorOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return { code: error.code, subcode: error.subcode, details: error.details };
    throw error;
  }
  throw new Error("expected a Graph error");
};

describe("read query parameters", () => {
  it("defaults to the first page of 25 and no filters", () => {
    expect(parseThreadListQuery({})).toEqual({ page: { limit: 25, after: "" }, filters: {}, params: {} });
    expect(parseMessageListQuery(undefined).page).toEqual({ limit: 25, after: "" });
  });

  it("parses every filter and keeps the accepted parameters for the next link", () => {
    const query = {
      limit: "100",
      after: "eyJhIjoxfQ",
      hosting_mode: "bsp",
      encryption_state: "provider_accessible",
      window_open: "false",
      updated_since: "1700000000",
      access_token: "sbt_secret",
    };
    const parsed = parseThreadListQuery(query);
    expect(parsed.page).toEqual({ limit: 100, after: "eyJhIjoxfQ" });
    expect(parsed.filters).toEqual({
      hostingMode: "bsp",
      encryptionState: "provider_accessible",
      windowOpen: false,
      updatedSinceMs: 1_700_000_000_000,
    });
    // The token is accepted for authentication but never copied into a link.
    expect(parsed.params).not.toHaveProperty("access_token");
    expect(parseThreadListQuery({ window_open: "true", limit: "1" }).filters.windowOpen).toBe(true);
  });

  it.each([
    ["limit", "0"],
    ["limit", "101"],
    ["limit", "1.5"],
    ["limit", "-1"],
    ["limit", ""],
    ["limit", "0x10"],
    ["after", "not a cursor!"],
    ["after", ""],
    ["hosting_mode", "CLOUD"],
    ["hosting_mode", "premises"],
    ["encryption_state", "encrypted"],
    ["window_open", "1"],
    ["window_open", "TRUE"],
    ["updated_since", "2023-11-14"],
    ["updated_since", "-5"],
    ["updated_since", "1700000000000000"],
  ])("refuses %s=%s with error 100 naming the parameter", (name, value) => {
    const error = errorOf(() => parseThreadListQuery({ [name]: value }));
    expect(error.code).toBe(100);
    expect(error.details).toContain(name);
  });

  it("refuses unknown and repeated parameters", () => {
    expect(errorOf(() => parseThreadListQuery({ hosting: "cloud" })).details).toBe("unknown parameter hosting");
    expect(errorOf(() => parseThreadListQuery({ limit: ["1", "2"] })).details).toBe("limit must be given once");
    // Filters belong to the thread listing only.
    expect(errorOf(() => parseMessageListQuery({ hosting_mode: "cloud" })).code).toBe(100);
    expect(errorOf(() => parseNoQuery({ limit: "5" })).code).toBe(100);
    expect(() => parseNoQuery({ access_token: "sbt_x" })).not.toThrow();
  });
});
