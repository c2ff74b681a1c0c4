import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { createMetaTemplates } from "./meta-templates.ts";

const scope = { tenantId: "tn_1", businessId: "410000000000001" };
const access = { accessToken: "EAAGtoken", apiVersion: "v21.0" };
const answering = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const caught = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
};

describe("Meta's template calls", () => {
  it("refuses with 190, calling nothing, when there is no way to reach Meta for the business", async () => {
    let calls = 0;
    const meta = createMetaTemplates({
      baseUrl: "http://graph.local",
      configured: undefined,
      fetch: async () => {
        calls += 1;
        return new Response("{}");
      },
    });
    expect((await caught(() => meta.create(scope, { name: "x" }))).code).toBe(190);
    expect(await meta.list(scope)).toBeUndefined();
    expect(calls).toBe(0);
  });

  it("answers Meta's refusal with Meta's status and code, and a failing Meta as 503", async () => {
    const refusing = createMetaTemplates({
      baseUrl: "http://graph.local",
      configured: access,
      fetch: answering(400, { error: { code: 100, message: "(#100) Invalid parameter" } }),
    });
    const refused = await caught(() => refusing.remove(scope, { name: "gone" }));
    expect([refused.httpStatus, refused.code, refused.message]).toEqual([400, 100, "(#100) Invalid parameter"]);
    const failing = createMetaTemplates({
      baseUrl: "http://graph.local",
      configured: access,
      maxAttempts: 1,
      fetch: answering(500, { error: { code: 2, message: "Service temporarily unavailable" } }),
    });
    expect((await caught(() => failing.edit(scope, "770000000000001", { components: [] }))).httpStatus).toBe(503);
  });

  it("reads every page by its cursor at the configured host, and says when it stopped early", async () => {
    const urls: string[] = [];
    const meta = createMetaTemplates({
      baseUrl: "http://graph.local/",
      configured: access,
      maxPages: 2,
      fetch: async (input) => {
        urls.push(String(input));
        const page = urls.length;
        return new Response(
          JSON.stringify({
            data: [{ id: String(page), name: `t${page}` }],
            paging: { cursors: { after: `c${page}` }, next: "https://elsewhere.example/next" },
          }),
        );
      },
    });
    const listed = await meta.list(scope);
    expect(listed).toEqual({
      items: [
        { id: "1", name: "t1" },
        { id: "2", name: "t2" },
      ],
      complete: false,
    });
    expect(urls.map((u) => new URL(u).host)).toEqual(["graph.local", "graph.local"]);
    expect(new URL(urls[1] ?? "").searchParams.get("after")).toBe("c1");
    expect(new URL(urls[0] ?? "").pathname).toBe("/v21.0/410000000000001/message_templates");
  });
});
