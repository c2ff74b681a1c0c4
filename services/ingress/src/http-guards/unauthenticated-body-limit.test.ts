// The body cap for requests without valid credentials: a declared length over the limit is refused
// before reading, a streamed body (no length) is cut off at the limit, a valid token lifts it.
import { Readable } from "node:stream";
import { createHttpServer, createLogger } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { createFakeCallerDirectory } from "../../test/support/fake-caller-directory.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { hashAccessToken } from "../tenancy/access-token.ts";
import { registerUnauthenticatedBodyLimit } from "./unauthenticated-body-limit.ts";

function build() {
  const app = createHttpServer({
    logger: createLogger({ service: "test", level: "silent" }),
    bodyLimitBytes: 1_000_000,
    readinessChecks: {},
  });
  registerGraphErrorHandling(app);
  registerUnauthenticatedBodyLimit(app, {
    limitBytes: 1_024,
    callers: createFakeCallerDirectory({ [hashAccessToken("good")]: { tenantId: "t", businessId: "b" } }, []),
    adminToken: "admin-token-0123456789abcdef",
    exemptPaths: ["/webhooks/meta"],
  });
  app.post("/echo", async (request) => ({ size: JSON.stringify(request.body).length }));
  return app;
}

const body = JSON.stringify({ padding: "x".repeat(10_000) });
const chunked = () => Readable.from([body.slice(0, 5_000), body.slice(5_000)]);

describe("unauthenticated body limit", () => {
  it("refuses a declared length over the limit, and a streamed body past it", async () => {
    const app = build();
    const declared = await app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json" },
      payload: body,
    });
    expect(declared.statusCode).toBe(413);
    const streamed = await app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      payload: chunked(),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().error.code).toBe(100);
  });

  it("reads the whole body with a valid token, and on an exempt path", async () => {
    const app = build();
    const authorised = await app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json", authorization: "Bearer good", "transfer-encoding": "chunked" },
      payload: chunked(),
    });
    expect(authorised.statusCode).toBe(200);
    const small = await app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json" },
      payload: "{}",
    });
    expect(small.statusCode).toBe(200);
  });
});
