// A template's life against the real Kafka broker and the real MongoDB-wire server: the simulator's
// review arriving as `message_template_status_update` (and `template_category_update`) webhooks
// that update the template and are forwarded, signed, to the business's webhook; Meta's own
// webhooks pausing and disabling it; and template sends checked against the approved template.
import { eventually } from "@switchboard/testing/eventually";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, startTemplateHarness, type TemplateHarness, type Who, X, Y } from "./support/template-harness.ts";

const LABEL = "template_review";

describe("template review and template sends against Kafka and the MongoDB-wire store", () => {
  let h: TemplateHarness;
  const create = (who: Who, scope: { businessId: string }, body: object) => h.create(who, scope, body);
  const statusOf = (who: Who, scope: { businessId: string }, name: string) => h.statusOf(who, scope, name);
  const sendTemplate = (template: object) => h.sendTemplate(template);

  beforeAll(async () => {
    h = await startTemplateHarness(LABEL);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("takes the review from the simulator's webhooks and forwards them to the business", async () => {
    const body = (text: string) => [{ type: "BODY", text }];
    for (const [name, category, text, allow] of [
      ["order_ready", "UTILITY", "Your order {{1}} is ready.", false],
      ["please_reject_this", "UTILITY", "Hello", false],
      ["utility_sale", "UTILITY", "Our summer sale starts today!", false],
      ["flexible_sale", "UTILITY", "Our summer sale starts today!", true],
    ] as const) {
      const response = await create("X", X, {
        name,
        language: "en_US",
        category,
        components: body(text),
        allow_category_change: allow,
      });
      expect(response.statusCode).toBe(200);
      // Within the review delay: still PENDING.
      if (name === "order_ready") expect((await statusOf("X", X, name))?.status).toBe("PENDING");
    }
    await eventually(async () => {
      expect(await statusOf("X", X, "order_ready")).toMatchObject({ status: "APPROVED" });
      expect(await statusOf("X", X, "please_reject_this")).toMatchObject({
        status: "REJECTED",
        rejected_reason: "INVALID_FORMAT",
      });
      expect(await statusOf("X", X, "utility_sale")).toMatchObject({
        status: "REJECTED",
        rejected_reason: "INCORRECT_CATEGORY",
      });
      expect(await statusOf("X", X, "flexible_sale")).toMatchObject({
        status: "APPROVED",
        category: "MARKETING",
        previous_category: "UTILITY",
      });
    });
    await eventually(() => {
      const forwarded = h.receiver.received.map((r) => [
        r.entryId,
        r.field,
        r.value.message_template_name,
        r.value.event ?? r.value.new_category,
      ]);
      expect(forwarded).toEqual(
        expect.arrayContaining([
          [X.businessId, "message_template_status_update", "order_ready", "APPROVED"],
          [X.businessId, "message_template_status_update", "please_reject_this", "REJECTED"],
          [X.businessId, "message_template_status_update", "utility_sale", "REJECTED"],
          [X.businessId, "template_category_update", "flexible_sale", "MARKETING"],
          [X.businessId, "message_template_status_update", "flexible_sale", "APPROVED"],
        ]),
      );
    });
    expect(h.receiver.badSignatures()).toBe(0);
  });

  it("applies a review for a business without a webhook and sends it nowhere", async () => {
    const response = await create("Y", Y, {
      name: "y_only_notice",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Y's notice" }],
    });
    expect(response.statusCode).toBe(200);
    await eventually(async () => expect((await statusOf("Y", Y, "y_only_notice"))?.status).toBe("APPROVED"));
    // Only X subscribed, and X's endpoint never hears of Y's templates.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.receiver.received.map((r) => r.value.message_template_name)).not.toContain("y_only_notice");
    expect(h.receiver.received.every((r) => r.entryId === X.businessId)).toBe(true);
  });

  it("checks template sends against the approved template, and follows Meta's pause and disable", async () => {
    const created = await create("X", X, {
      name: "pickup_ready",
      language: "en_US",
      category: "UTILITY",
      components: [
        { type: "HEADER", format: "TEXT", text: "Pickup" },
        { type: "BODY", text: "Hi {{1}}, order {{2}} is ready." },
      ],
    });
    const templateId = (created.json() as { id: string }).id;
    const parameters = (...values: object[]) => [{ type: "body", parameters: values }];
    const text = (value: string) => ({ type: "text", text: value });
    const valid = {
      name: "pickup_ready",
      language: { code: "en_US" },
      components: parameters(text("Ada"), text("#42")),
    };

    const pending = await sendTemplate(valid);
    expect(errorOf(pending)).toMatchObject({
      code: 132001,
      error_data: { details: expect.stringContaining("PENDING") },
    });
    await eventually(async () => expect((await statusOf("X", X, "pickup_ready"))?.status).toBe("APPROVED"));

    const sent = await sendTemplate(valid);
    expect(sent.statusCode).toBe(200);
    const wamid = (sent.json() as { messages: [{ id: string }] }).messages[0].id;
    const refused: [object, number][] = [
      [{ ...valid, components: parameters(text("Ada")) }, 132000],
      [{ ...valid, components: parameters(text("Ada"), text("#42"), text("extra")) }, 132000],
      [
        { ...valid, components: parameters(text("Ada"), { type: "image", image: { link: "https://x.test/a.jpg" } }) },
        132000,
      ],
      [
        {
          ...valid,
          components: [...parameters(text("Ada"), text("#42")), { type: "header", parameters: [text("x")] }],
        },
        132000,
      ],
      [{ name: "pickup_ready", language: { code: "en_US" } }, 132000],
      [{ ...valid, name: "pickup_ready_v2" }, 132001],
      [{ ...valid, language: { code: "de" } }, 132001],
      [{ ...valid, name: "please_reject_this" }, 132001],
    ];
    for (const [template, code] of refused) {
      const response = await sendTemplate(template);
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).code).toBe(code);
    }

    const update = (event: string) => ({
      event,
      message_template_id: Number(templateId),
      message_template_name: "pickup_ready",
      message_template_language: "en_US",
      reason: null,
    });
    // The sends come once the store shows the update: a send before that would be accepted.
    expect((await h.metaWebhook(update("PAUSED"))).statusCode).toBe(200);
    await eventually(async () => expect((await statusOf("X", X, "pickup_ready"))?.status).toBe("PAUSED"));
    expect(errorOf(await sendTemplate(valid)).code).toBe(132015);
    expect((await h.metaWebhook(update("DISABLED"))).statusCode).toBe(200);
    await eventually(async () => expect((await statusOf("X", X, "pickup_ready"))?.status).toBe("DISABLED"));
    expect(errorOf(await sendTemplate(valid)).code).toBe(132016);
    await eventually(() =>
      expect(
        h.receiver.received.filter((r) => r.value.message_template_name === "pickup_ready").map((r) => r.value.event),
      ).toEqual(expect.arrayContaining(["APPROVED", "PAUSED", "DISABLED"])),
    );

    // Only the one accepted send was published; every refused one published nothing.
    await eventually(() => expect(h.accepted).toContain(wamid));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(h.accepted).toEqual([wamid]);
  });
});
