// The signed tenant scope of an internal gRPC call: `v1.<kid>.<base64url(json)>.<base64url(hmac)>`
// over tenant, business, caller and expiry, HMAC-SHA256 with a key of the ring. Ingress (the only
// component that authenticates outside callers) mints one per call; every server verifies it
// before a handler runs. A tenant-wide scope is a signed claim (`all`), never an empty business:
// a token with no business and no `all` is refused, so nothing widens a query by leaving a field out.
import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors/app-error.ts";
import type { KeyRing } from "./key-ring.ts";

export interface ScopeClaims {
  readonly tenantId: string;
  /** Empty only together with `allBusinesses`. */
  readonly businessId: string;
  readonly allBusinesses: boolean;
  /** The service that minted the token, for logs and audits. */
  readonly caller: string;
  readonly expiresAtMs: number;
}

/** How long a minted token lives: long enough for a call and its retries, short enough to replay little. */
export const SCOPE_TOKEN_TTL_MS = 60_000;
/** Clock difference tolerated between the minting and the verifying host. */
const CLOCK_SKEW_MS = 30_000;
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const VERSION = "v1";

const mac = (secret: Buffer, text: string) => createHmac("sha256", secret).update(text).digest();

export function signScopeToken(keys: KeyRing, claims: ScopeClaims): string {
  checkShape(claims);
  const body = {
    t: claims.tenantId,
    b: claims.businessId,
    c: claims.caller,
    exp: claims.expiresAtMs,
    ...(claims.allBusinesses ? { all: true } : {}),
  };
  const signed = `${VERSION}.${keys.signing.kid}.${Buffer.from(JSON.stringify(body)).toString("base64url")}`;
  return `${signed}.${mac(keys.signing.secret, signed).toString("base64url")}`;
}

/** The claims of a genuine, unexpired token; anything else is an `unauthenticated` AppError. */
export function verifyScopeToken(keys: KeyRing, token: string, nowMs: number): ScopeClaims {
  const parts = token.split(".");
  const [version, kid, payload, signature] = parts;
  if (parts.length !== 4 || version !== VERSION || !kid || !payload || !signature) refuse("malformed scope token");
  const secret = keys.verifying.get(kid);
  if (!secret) refuse("scope token signed with an unknown key");
  const expected = mac(secret, `${version}.${kid}.${payload}`);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) refuse("scope token signature mismatch");
  const claims = parseClaims(payload);
  if (claims.expiresAtMs <= nowMs - CLOCK_SKEW_MS) refuse("scope token expired");
  // A token valid for longer than any minter makes one was not made by a minter of ours.
  if (claims.expiresAtMs > nowMs + SCOPE_TOKEN_TTL_MS + CLOCK_SKEW_MS) refuse("scope token lives too long");
  return claims;
}

function parseClaims(payload: string): ScopeClaims {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    refuse("malformed scope token");
  }
  const { t, b, c, exp, all } = (body ?? {}) as Record<string, unknown>;
  if (typeof t !== "string" || typeof b !== "string" || typeof c !== "string" || typeof exp !== "number")
    refuse("malformed scope token");
  if (all !== undefined && all !== true) refuse("malformed scope token");
  const claims = { tenantId: t, businessId: b, caller: c, expiresAtMs: exp, allBusinesses: all === true };
  checkShape(claims);
  return claims;
}

function checkShape(claims: ScopeClaims): void {
  if (!ID.test(claims.tenantId)) refuse("missing or malformed tenant scope");
  if (!ID.test(claims.caller)) refuse("missing or malformed caller");
  if (claims.allBusinesses) {
    if (claims.businessId !== "") refuse("a tenant-wide scope names no business");
  } else if (!ID.test(claims.businessId)) {
    refuse("missing or malformed business scope (a tenant-wide call must say so)");
  }
}

function refuse(message: string): never {
  throw new AppError("unauthenticated", message);
}
