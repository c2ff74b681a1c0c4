// How an operator's command-line tool (tools/cli) signs its internal calls: the same variables a
// service reads (INTERNAL_AUTH_KEYS, NODE_ENV, GRPC_TLS_*), taken from the environment record the
// tool's entry point passes in. Outside production without keys this is the development key, so
// the tools work against `./run start` with zero config.
import { z } from "zod";
import { loadConfig } from "../config/load-config.ts";
import type { InternalCallAuth } from "../grpc/internal-channel.ts";
import { internalSecurityOf } from "./internal-security.ts";
import { internalSecurityConfigShape } from "./security-config.ts";

const cliSecuritySchema = z.object(internalSecurityConfigShape);

export function cliCallAuth(env: Readonly<Record<string, string | undefined>>, caller: string): InternalCallAuth {
  const security = internalSecurityOf(loadConfig(cliSecuritySchema, env));
  return { keys: security.keys, tls: security.tls, caller };
}
