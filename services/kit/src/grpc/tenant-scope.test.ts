import { Metadata } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import { scopeFromMetadata, scopeToMetadataEntries } from "./tenant-scope.ts";

describe("tenant scope metadata", () => {
  it("round-trips through gRPC metadata", () => {
    const metadata = new Metadata();
    for (const [k, v] of Object.entries(scopeToMetadataEntries({ tenantId: "acme", businessId: "waba-1" })))
      metadata.set(k, v);
    expect(scopeFromMetadata(metadata)).toEqual({ tenantId: "acme", businessId: "waba-1" });
  });

  it("refuses a call without a tenant or with an injected one", () => {
    expect(() => scopeFromMetadata(new Metadata())).toThrow(AppError);
    const metadata = new Metadata();
    metadata.set("x-switchboard-tenant", '{"$ne":null}');
    expect(() => scopeFromMetadata(metadata)).toThrow(/tenant scope/);
  });
});
