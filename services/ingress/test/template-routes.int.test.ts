// The template routes against the real Kafka broker and the real MongoDB-wire server, through the
// service builder main.ts uses: Meta's fields, filters and cursor paging; bad input refused in
// Graph's error shape without changing anything; and isolation between the businesses of a BSP
// tenant and between tenants.
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, startTemplateHarness, type TemplateHarness, type Who, X, Y, Z } from "./support/template-harness.ts";

const LABEL = "template_routes";

describe("template routes against Kafka and the MongoDB-wire store", () => {
  let h: TemplateHarness;
  const call = (who: Who, method: "GET" | "POST" | "DELETE", url: string, payload?: object) =>
    h.call(who, method, url, payload);
  const templatesOf = (scope: { businessId: string }, query = "") => h.templatesOf(scope, query);
  const create = (who: Who, scope: { businessId: string }, body: object) => h.create(who, scope, body);
  const list = (who: Who, scope: { businessId: string }, query = "") => h.list(who, scope, query);
  const sendTemplate = (template: object) => h.sendTemplate(template);

  beforeAll(async () => {
    h = await startTemplateHarness(LABEL);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("creates PENDING templates and lists them with Meta's fields, filters and cursor paging", async () => {
    const ids: string[] = [];
    for (const name of ["gamma_notice", "alpha_notice", "beta_notice"]) {
      const response = await create("Y", Y, {
        name,
        language: "en_US",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Notice {{1}}", example: { body_text: [["42"]] } }],
      });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { id: string; status: string; category: string };
      expect(body).toEqual({ id: expect.stringMatching(/^[0-9]{15}$/), status: "PENDING", category: "UTILITY" });
      ids.push(body.id);
    }
    const first = await list("Y", Y, "?limit=2");
    expect(first.data.map((t) => t.name)).toEqual(["alpha_notice", "beta_notice"]);
    expect(Object.keys(first.data[0] ?? {}).sort()).toEqual(
      ["category", "components", "id", "language", "name", "parameter_format", "status"].sort(),
    );
    expect(first.data[0]).toMatchObject({
      id: ids[1],
      language: "en_US",
      parameter_format: "POSITIONAL",
      components: [{ type: "BODY", text: "Notice {{1}}" }],
    });
    expect(first.paging.cursors.before).toBeTruthy();
    expect(first.paging.previous).toBeUndefined();
    expect(first.paging.next).toContain(`after=${first.paging.cursors.after}`);
    expect(first.paging.next).toContain("limit=2");

    const second = await list("Y", Y, `?limit=2&after=${first.paging.cursors.after}`);
    expect(second.data.map((t) => t.name)).toEqual(["gamma_notice"]);
    expect(second.paging.next).toBeUndefined();
    const back = await list("Y", Y, `?limit=2&before=${second.paging.cursors.before}`);
    expect(back.data.map((t) => t.name)).toEqual(["alpha_notice", "beta_notice"]);

    expect((await list("Y", Y, "?name=beta_notice")).data.map((t) => t.id)).toEqual([ids[2]]);
    expect((await list("Y", Y, `?hsm_id=${ids[0]}`)).data.map((t) => t.name)).toEqual(["gamma_notice"]);
    expect((await list("Y", Y, "?name=beta_notice&fields=name,quality_score")).data).toEqual([
      { name: "beta_notice", quality_score: { score: "UNKNOWN", date: expect.any(Number) }, id: ids[2] },
    ]);
    expect((await list("Y", Y, "?category=MARKETING")).data).toEqual([]);
  });

  it("refuses bad input in Graph's error shape and changes nothing", async () => {
    const before = (await list("Y", Y)).data;
    const refusals: [LightMyRequestResponse, number, number | undefined][] = [
      [
        await create("Y", Y, { name: "Bad Name", language: "en_US", category: "UTILITY", components: [] }),
        100,
        undefined,
      ],
      [
        await create("Y", Y, {
          name: "no_body",
          language: "en_US",
          category: "UTILITY",
          components: [{ type: "FOOTER", text: "x" }],
        }),
        100,
        undefined,
      ],
      [
        await create("Y", Y, {
          name: "gap",
          language: "en_US",
          category: "UTILITY",
          components: [{ type: "BODY", text: "{{2}}" }],
        }),
        100,
        undefined,
      ],
      [
        await create("Y", Y, {
          name: "alpha_notice",
          language: "en_US",
          category: "UTILITY",
          components: [{ type: "BODY", text: "again" }],
        }),
        100,
        2388024,
      ],
      [await call("Y", "GET", templatesOf(Y, "?limit=0")), 100, undefined],
      [await call("Y", "GET", templatesOf(Y, "?status=NOPE")), 100, undefined],
      [await call("Y", "GET", templatesOf(Y, "?fields=tenantId")), 100, undefined],
      [await call("Y", "GET", templatesOf(Y, "?after=not-a-cursor")), 100, undefined],
      [await call("Y", "GET", templatesOf(Y, "?nmae=alpha_notice")), 100, undefined],
      [await call("Y", "DELETE", templatesOf(Y)), 100, undefined],
      [await call("Y", "DELETE", templatesOf(Y, "?name=nope_notice")), 100, undefined],
      [await call("Y", "DELETE", templatesOf(Y, `?name=beta_notice&hsm_id=${String(before[0]?.id)}`)), 100, undefined],
    ];
    for (const [response, code, subcode] of refusals) {
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toMatchObject({ code, ...(subcode === undefined ? {} : { error_subcode: subcode }) });
      expect(response.json()).toMatchObject({ error: { type: "OAuthException", fbtrace_id: expect.any(String) } });
    }
    expect((await list("Y", Y)).data.map((t) => [t.id, t.name])).toEqual(before.map((t) => [t.id, t.name]));

    const deleted = await call("Y", "DELETE", templatesOf(Y, "?name=beta_notice"));
    expect([deleted.statusCode, deleted.json()]).toEqual([200, { success: true }]);
    expect((await list("Y", Y)).data.map((t) => t.name)).toEqual(["alpha_notice", "gamma_notice"]);
  });

  it("keeps each business's templates to itself, within a BSP tenant and across tenants", async () => {
    const mine = await create("X", X, {
      name: "alpha_notice",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "X's own alpha" }],
    });
    expect(mine.statusCode).toBe(200);
    const yBefore = (await list("Y", Y)).data;
    for (const who of ["X", "Z"] as const) {
      for (const response of [
        await call(who, "GET", templatesOf(Y)),
        await call(who, "GET", templatesOf(Y, "?name=alpha_notice")),
        await create(who, Y, {
          name: "intruder",
          language: "en_US",
          category: "UTILITY",
          components: [{ type: "BODY", text: "x" }],
        }),
        await call(who, "DELETE", templatesOf(Y, "?name=alpha_notice")),
      ]) {
        expect(response.statusCode).toBe(400);
        expect(errorOf(response)).toMatchObject({ code: 100, error_subcode: 33 });
      }
    }
    // Statuses may move on (the simulator reviews Y's templates meanwhile); the set may not.
    const idsOf = (data: Record<string, unknown>[]) => data.map((t) => [t.id, t.name]);
    expect(idsOf((await list("Y", Y)).data)).toEqual(idsOf(yBefore));
    expect((await list("X", X, "?name=alpha_notice")).data.map((t) => t.id)).toEqual([
      (mine.json() as { id: string }).id,
    ]);
    expect((await list("Z", Z)).data).toEqual([]);
    // By id at Graph's node path: the owner reads it in Meta's fields, nobody else can.
    const mineId = (mine.json() as { id: string }).id;
    const byId = await call("X", "GET", `/v23.0/${mineId}`);
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toMatchObject({ id: mineId, name: "alpha_notice", language: "en_US", category: "UTILITY" });
    for (const who of ["Y", "Z"] as const) {
      const other = await call(who, "GET", `/v23.0/${mineId}`);
      expect(other.statusCode).toBe(400);
      expect(errorOf(other)).toMatchObject({ code: 100, error_subcode: 33 });
    }
    // Y's gamma_notice is no template of X's: X cannot send it.
    expect(errorOf(await sendTemplate({ name: "gamma_notice", language: { code: "en_US" } })).code).toBe(132001);
  });
});
