// The HMAC keys that make internal scopes and effect-causing events unforgeable, parsed from
// `kid1:base64secret,kid2:base64secret`. The first key signs; every listed key verifies, so a key
// is rotated by listing the new one first, waiting out the longest token life, then dropping the old.
// Without keys, only a non-production process falls back to a fixed, published development key:
// production refuses to start rather than sign with a secret everyone knows.
import { ConfigError } from "../config/load-config.ts";

export interface SigningKey {
  readonly kid: string;
  readonly secret: Buffer;
}

export interface KeyRing {
  /** The key new tokens and signatures are made with. */
  readonly signing: SigningKey;
  /** Every key a token or signature may have been made with, by id. */
  readonly verifying: ReadonlyMap<string, Buffer>;
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const MIN_SECRET_BYTES = 32;

/** Known to everyone who reads this file: good for a laptop, worthless as protection. */
export const DEV_KEY_RING_SPEC = `dev:${Buffer.from("switchboard-development-key-never-use-in-production").toString("base64")}`;

/** Parses a key list; throws Error with the problem (no secret in the message). */
export function parseKeyRing(spec: string): KeyRing {
  const keys: SigningKey[] = [];
  for (const entry of spec
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "")) {
    const colon = entry.indexOf(":");
    const kid = colon < 0 ? "" : entry.slice(0, colon);
    if (!KID.test(kid)) throw new Error("each key must be kid:base64secret, kid of letters, digits, _ -");
    const secret = Buffer.from(entry.slice(colon + 1), "base64");
    if (secret.length < MIN_SECRET_BYTES) throw new Error(`key ${kid}: the secret must be at least 32 bytes`);
    if (keys.some((k) => k.kid === kid)) throw new Error(`key ${kid} is listed twice`);
    keys.push({ kid, secret });
  }
  const [signing] = keys;
  if (!signing) throw new Error("no key listed");
  return { signing, verifying: new Map(keys.map((k) => [k.kid, k.secret])) };
}

/**
 * The key ring a service runs with: the configured one, or the development key outside
 * production. Throws ConfigError naming the variable, so boot fails like any other bad variable.
 */
export function resolveKeyRing(variable: string, spec: string, nodeEnv: string): KeyRing {
  if (spec.trim() === "") {
    if (nodeEnv === "production") throw new ConfigError([`${variable}: required when NODE_ENV=production`]);
    return parseKeyRing(DEV_KEY_RING_SPEC);
  }
  try {
    return parseKeyRing(spec);
  } catch (error) {
    throw new ConfigError([`${variable}: ${(error as Error).message}`]);
  }
}
