import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseKeyRing } from "./key-ring.ts";
import { SCOPE_TOKEN_TTL_MS, type ScopeClaims, signScopeToken, verifyScopeToken } from "./scope-token.ts";

const secret = (fill: string) => Buffer.alloc(32, fill).toString("base64");
const ring = parseKeyRing(`k1:${secret("a")}`);
const NOW = 1_700_000_000_000;
const claims: ScopeClaims = {
  tenantId: "acme",
  businessId: "waba-1",
  allBusinesses: false,
  caller: "ingress",
  expiresAtMs: NOW + SCOPE_TOKEN_TTL_MS,
};
const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return undefined;
};

describe("scope token", () => {
  it("verifies what it signed, with every claim", () => {
    expect(verifyScopeToken(ring, signScopeToken(ring, claims), NOW)).toEqual(claims);
  });

  it("refuses an expired token and one that lives longer than any minter makes", () => {
    const token = signScopeToken(ring, claims);
    expect(reason(() => verifyScopeToken(ring, token, NOW + SCOPE_TOKEN_TTL_MS + 31_000))).toEqual({
      code: "unauthenticated",
      message: "scope token expired",
    });
    const forever = signScopeToken(ring, { ...claims, expiresAtMs: NOW + 24 * 3_600_000 });
    expect(reason(() => verifyScopeToken(ring, forever, NOW))?.message).toBe("scope token lives too long");
  });

  it("refuses a token whose claims were changed, or signed with a key it does not know", () => {
    const [v, kid, , sig] = signScopeToken(ring, claims).split(".");
    const otherTenant = Buffer.from(
      JSON.stringify({ t: "victim", b: "waba-1", c: "ingress", exp: claims.expiresAtMs }),
    );
    const tampered = [v, kid, otherTenant.toString("base64url"), sig].join(".");
    expect(reason(() => verifyScopeToken(ring, tampered, NOW))?.message).toBe("scope token signature mismatch");
    const stranger = parseKeyRing(`k1:${secret("z")}`);
    expect(reason(() => verifyScopeToken(ring, signScopeToken(stranger, claims), NOW))?.message).toBe(
      "scope token signature mismatch",
    );
    const unknownKid = parseKeyRing(`k9:${secret("a")}`);
    expect(reason(() => verifyScopeToken(ring, signScopeToken(unknownKid, claims), NOW))?.message).toBe(
      "scope token signed with an unknown key",
    );
    expect(reason(() => verifyScopeToken(ring, "acme", NOW))?.message).toBe("malformed scope token");
  });

  it("rotates: a token of the previous key verifies while that key is still listed", () => {
    const before = parseKeyRing(`old:${secret("o")}`);
    const during = parseKeyRing(`new:${secret("n")},old:${secret("o")}`);
    const after = parseKeyRing(`new:${secret("n")}`);
    const oldToken = signScopeToken(before, claims);
    expect(verifyScopeToken(during, oldToken, NOW).tenantId).toBe("acme");
    expect(signScopeToken(during, claims).split(".")[1]).toBe("new");
    expect(verifyScopeToken(after, signScopeToken(during, claims), NOW).tenantId).toBe("acme");
    expect(reason(() => verifyScopeToken(after, oldToken, NOW))?.code).toBe("unauthenticated");
  });

  it("never reads an empty business as the whole tenant: that must be claimed", () => {
    expect(reason(() => signScopeToken(ring, { ...claims, businessId: "" }))?.message).toMatch(/tenant-wide call/);
    const [v, kid] = signScopeToken(ring, claims).split(".");
    // A correctly signed token with an empty business and no `all` (as an old minter would make).
    const body = Buffer.from(JSON.stringify({ t: "acme", b: "", c: "ingress", exp: claims.expiresAtMs }));
    const signed = `${v}.${kid}.${body.toString("base64url")}`;
    const sig = createHmac("sha256", Buffer.alloc(32, "a")).update(signed).digest("base64url");
    expect(reason(() => verifyScopeToken(ring, `${signed}.${sig}`, NOW))?.message).toMatch(/business scope/);
    const wide = { ...claims, businessId: "", allBusinesses: true };
    expect(verifyScopeToken(ring, signScopeToken(ring, wide), NOW)).toEqual(wide);
    expect(reason(() => signScopeToken(ring, { ...claims, allBusinesses: true }))?.message).toMatch(
      /names no business/,
    );
  });
});
