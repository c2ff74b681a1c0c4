// Editing a template with `POST /{version}/{template_id}` against the real Kafka broker and the
// real MongoDB-wire server, with the upstream simulator: the edit goes back to the simulated review
// and comes out approved with the new content; Meta's rules for edits are applied (an approved
// template keeps its category and is edited once a day; a pending one not at all); another
// business's template id is an unknown object.
import { eventually } from "@switchboard/testing/eventually";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, startTemplateHarness, type TemplateHarness, X, Y } from "./support/template-harness.ts";

const body = (text: string) => [{ type: "BODY", text }];

describe("template edits with the upstream simulator, against Kafka and the MongoDB-wire store", () => {
  let h: TemplateHarness;
  beforeAll(async () => {
    h = await startTemplateHarness("template_edit");
  });
  afterAll(async () => {
    await h?.stop();
  });

  const approved = async (name: string) => {
    const created = await h.create("X", X, {
      name,
      language: "en_US",
      category: "UTILITY",
      components: body("Hi {{1}}"),
    });
    expect(created.statusCode).toBe(200);
    await eventually(async () => expect((await h.statusOf("X", X, name))?.status).toBe("APPROVED"));
    return (created.json() as { id: string }).id;
  };
  const edit = (id: string, payload: object, who: "X" | "Y" = "X") => h.call(who, "POST", `/v23.0/${id}`, payload);

  it("reviews the edited template again and keeps the new content", async () => {
    const id = await approved("edited_notice");
    const answer = await edit(id, { components: body("Hello {{1}}, your order is ready.") });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ success: true });
    expect((await h.statusOf("X", X, "edited_notice"))?.status).toBe("PENDING");
    await eventually(async () => expect((await h.statusOf("X", X, "edited_notice"))?.status).toBe("APPROVED"));
    const [listed] = (await h.list("X", X, "?name=edited_notice")).data;
    expect(listed).toMatchObject({ id, components: body("Hello {{1}}, your order is ready.") });

    // Approved again, within 24 hours of the last edit: Meta's limit.
    const again = await edit(id, { components: body("Hi again {{1}}") });
    expect(again.statusCode).toBe(400);
    expect(errorOf(again).error_data?.details).toContain("24 hours");
  });

  it("applies Meta's rules: an approved template keeps its category, a pending one is not editable", async () => {
    const id = await approved("steady_category");
    const recategorised = await edit(id, { category: "MARKETING" });
    expect(recategorised.statusCode).toBe(400);
    expect(errorOf(recategorised).error_data?.details).toContain("category");
    const pending = await h.create("X", X, {
      name: "still_pending",
      language: "en_US",
      category: "UTILITY",
      components: body("Hi"),
    });
    const refused = await edit((pending.json() as { id: string }).id, { components: body("Hello") });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).error_data?.details).toContain("PENDING");
  });

  it("answers another business's template id as one that does not exist", async () => {
    const id = await approved("private_notice");
    const answer = await edit(id, { components: body("Taken over") }, "Y");
    expect(answer.statusCode).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await h.list("Y", Y)).data).toEqual([]);
    expect((await h.list("X", X, "?name=private_notice")).data[0]).toMatchObject({ components: body("Hi {{1}}") });
  });
});
