// Internal call authentication for tests: the development key ring (what a zero-config platform
// runs with), a server security setting that verifies with it, and clients that sign with it.
// Test support only, like everything in this folder.

import type { GrpcServerSecurity } from "../src/grpc/grpc-server.ts";
import { type InternalCallAuth, openInternalClient } from "../src/grpc/internal-channel.ts";
import { DEV_KEY_RING_SPEC, type KeyRing, parseKeyRing } from "../src/security/key-ring.ts";

export const testKeyRing: KeyRing = parseKeyRing(DEV_KEY_RING_SPEC);

export const testServerSecurity: GrpcServerSecurity = { keys: testKeyRing, reflection: true };

/** A client that signs its calls' scopes with the development keys, as a platform component would. */
export function openTestClient<C>(Client: Parameters<typeof openInternalClient<C>>[0], address: string): C {
  return openInternalClient(Client, address, { keys: testKeyRing, caller: "test" });
}

/** What a test passes where a platform component passes its InternalCallAuth. */
export const testCallAuth: InternalCallAuth = { keys: testKeyRing, caller: "test" };
