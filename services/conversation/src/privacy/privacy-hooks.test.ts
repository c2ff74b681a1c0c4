import { describe, expect, it } from "vitest";
import { createInMemoryPrivacyStore } from "../../test/support/in-memory-privacy-store.ts";
import { privacyHooks } from "./privacy-hooks.ts";

const scope = { tenantId: "t1", businessId: "b1" };
const template = (name: string) => ({ type: "template", bodyJson: JSON.stringify({ template: { name } }) });

describe("privacyHooks", () => {
  it("blocks marketing templates to a customer who wrote STOP, until a newer opt-in", async () => {
    const privacy = createInMemoryPrivacyStore();
    const hooks = privacyHooks(privacy);
    await privacy.setMarketingTemplates(scope, ["promo"]);
    await hooks.inboundStored(scope, "th", { type: "text", messageJson: '{"text":{"body":"Stop"}}', receivedAtMs: 10 });
    expect(JSON.parse((await hooks.outboundBlock(scope, "th", template("promo"))) ?? "[]")[0].code).toBe(131050);
    expect(await hooks.outboundBlock(scope, "th", template("receipt"))).toBeUndefined();
    expect(await hooks.outboundBlock(scope, "th", { type: "text", bodyJson: "{}" })).toBeUndefined();
    expect(await hooks.outboundBlock({ tenantId: "t2", businessId: "b1" }, "th", template("promo"))).toBeUndefined();
    await privacy.setMarketing(scope, {
      businessId: "b1",
      threadId: "th",
      optedOut: false,
      changedAtMs: 20,
      source: "api",
    });
    // A redelivered older STOP never overrides the newer opt-in.
    await hooks.inboundStored(scope, "th", { type: "text", messageJson: '{"text":{"body":"STOP"}}', receivedAtMs: 10 });
    expect(await hooks.outboundBlock(scope, "th", template("promo"))).toBeUndefined();
  });
});
