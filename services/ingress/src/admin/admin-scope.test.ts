// The admin gate: the operator's token only in the Authorization header. A token in the query
// string (where logs and proxies keep it) is refused with a clear error, even the right one.
import { createHttpServer, createLogger } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { requireAdmin } from "./admin-scope.ts";

const ADMIN_TOKEN = "admin-token-for-unit-tests-0123456789";
const logger = createLogger({ service: "test", level: "silent" });

function build() {
  const app = createHttpServer({ logger, bodyLimitBytes: 1_000, readinessChecks: {} });
  registerGraphErrorHandling(app);
  app.addHook("onRequest", async (request) => requireAdmin(request, ADMIN_TOKEN));
  app.get("/admin/v1/tenants", async () => ({ data: [] }));
  return app;
}

describe("admin gate", () => {
  it("accepts the admin token in the Authorization header", async () => {
    const response = await build().inject({
      url: "/admin/v1/tenants",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it.each(["access_token", "admin_token"])("refuses the admin token as ?%s, even with a header", async (name) => {
    const app = build();
    const alone = await app.inject({ url: `/admin/v1/tenants?${name}=${ADMIN_TOKEN}` });
    expect(alone.statusCode).toBe(400);
    expect(alone.json().error.message).toContain("Authorization header");
    const withHeader = await app.inject({
      url: `/admin/v1/tenants?${name}=${ADMIN_TOKEN}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(withHeader.statusCode).toBe(400);
  });
});
