import { Metadata } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import {
  bindVerifiedScope,
  clearScopeEntries,
  requestedScope,
  scopeFromMetadata,
  scopeToMetadataEntries,
} from "./tenant-scope.ts";

const metadataOf = (entries: Record<string, string>) => {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(entries)) metadata.set(k, v);
  return metadata;
};

describe("tenant scope metadata", () => {
  it("hands handlers only the scope the guard verified and bound", () => {
    const metadata = new Metadata();
    bindVerifiedScope(metadata, { tenantId: "acme", businessId: "waba-1" });
    expect(scopeFromMetadata(metadata)).toEqual({ tenantId: "acme", businessId: "waba-1" });
  });

  it("never trusts plain tenant entries, however well formed", () => {
    const plain = metadataOf(scopeToMetadataEntries({ tenantId: "acme", businessId: "waba-1" }));
    expect(() => scopeFromMetadata(plain)).toThrow(AppError);
    expect(() => scopeFromMetadata(new Metadata())).toThrow(/unverified tenant scope/);
  });

  it("carries a caller's request, tenant-wide only when asked, and clears it before signing", () => {
    const wide = metadataOf(scopeToMetadataEntries({ tenantId: "acme", businessId: "", allBusinesses: true }));
    expect(requestedScope(wide)).toEqual({ tenantId: "acme", businessId: "", allBusinesses: true });
    const empty = metadataOf(scopeToMetadataEntries({ tenantId: "acme", businessId: "" }));
    expect(requestedScope(empty)).toEqual({ tenantId: "acme", businessId: "", allBusinesses: false });
    clearScopeEntries(wide);
    expect(requestedScope(wide)).toBeUndefined();
    expect(wide.getMap()).toEqual({});
  });
});
