// Bodies of requests without valid credentials are not read past a small limit: a client with no
// token (or a wrong one) cannot make the server buffer and parse megabytes of JSON before it is
// told 190. Runs before parsing: a request with a body is checked for a valid business token (the
// lookup the route makes next, from the same cache) or the admin token; without one its declared
// length, and then the bytes actually streamed, are capped. Meta's webhook receiver is exempt — it
// verifies its signature over the raw bytes itself and takes Meta's 3 MB bodies.
import { Transform } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { GraphError } from "../graph/graph-error.ts";
import { hashAccessToken, secretsEqual } from "../tenancy/access-token.ts";
import { bearerTokenOf, callerOfGrant } from "../tenancy/authenticate.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";

export interface UnauthenticatedBodyLimitOptions {
  limitBytes: number;
  callers: Pick<CallerDirectory, "callerForToken">;
  adminToken: string;
  /** Paths that authenticate their body themselves (signature over the raw bytes). */
  exemptPaths: readonly string[];
}

const tooLarge = (limitBytes: number) =>
  new GraphError({
    httpStatus: 413,
    code: 100,
    type: "OAuthException",
    message: "(#100) Request body is too large",
    details: `Without a valid access token a request body may be at most ${limitBytes} bytes`,
  });

const hasBody = (request: FastifyRequest) =>
  request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;

async function authenticated(request: FastifyRequest, options: UnauthenticatedBodyLimitOptions): Promise<boolean> {
  const token = bearerTokenOf(request);
  if (!token || token.length > 512) return false;
  if (request.url.startsWith("/admin/")) return secretsEqual(token, options.adminToken);
  try {
    callerOfGrant(await options.callers.callerForToken(hashAccessToken(token)), Date.now());
    return true;
  } catch {
    return false;
  }
}

function capped(limitBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limitBytes) callback(tooLarge(limitBytes));
      else callback(null, chunk);
    },
  });
}

export function registerUnauthenticatedBodyLimit(app: FastifyInstance, options: UnauthenticatedBodyLimitOptions): void {
  app.addHook("preParsing", async (request, _reply, payload) => {
    const path = request.url.split("?")[0] ?? "";
    if (!hasBody(request) || options.exemptPaths.includes(path)) return payload;
    if (await authenticated(request, options)) return payload;
    if (Number(request.headers["content-length"] ?? 0) > options.limitBytes) throw tooLarge(options.limitBytes);
    return payload.pipe(capped(options.limitBytes));
  });
}
