// The audit's Meta keeps each send's callback data exactly as received, also when it drops the
// answer, and its status webhooks echo it as Meta does: the platform's only way to attribute the
// statuses of a send whose answer was lost.
import { afterEach, describe, expect, it } from "vitest";
import { signedStatusWebhook } from "../signed-inbound-webhook.ts";
import { type AcceptedSend, type FakeMeta, startFakeMeta } from "./fake-meta.ts";

let meta: FakeMeta | undefined;
afterEach(async () => {
  await meta?.close();
  meta = undefined;
});

const send = (baseUrl: string, callback: string | undefined) =>
  fetch(`${baseUrl}/v23.0/100000000000001/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      messaging_product: "whatsapp",
      to: "+15550000001",
      type: "text",
      text: { body: "reply audit-out:7" },
      ...(callback === undefined ? {} : { biz_opaque_callback_data: callback }),
    }),
  });

describe("the audit's Meta", () => {
  it("echoes each send's biz_opaque_callback_data exactly as received, answered or not", async () => {
    const accepted: AcceptedSend[] = [];
    const started = await startFakeMeta({ slowMs: 0, onAccepted: (s) => accepted.push(s) });
    meta = started;
    const wrapped = "~sb1:10:wamid.ours ünïcode:and:colons";
    expect((await send(started.baseUrl, wrapped)).status).toBe(200);
    started.setFault("lose-answer");
    await expect(send(started.baseUrl, wrapped)).rejects.toThrow();
    started.setFault("none");
    await send(started.baseUrl, undefined);
    expect(accepted.map((s) => s.bizOpaqueCallbackData)).toEqual([wrapped, wrapped, undefined]);

    const number = { id: "100000000000001", displayPhoneNumber: "15550100001" };
    const statusOf = (s: AcceptedSend) => {
      const { body } = signedStatusWebhook("secret-secret", {
        businessId: "200000000000001",
        number,
        metaId: s.metaId,
        recipient: "15550000001",
        status: "delivered",
        bizOpaqueCallbackData: s.bizOpaqueCallbackData,
      });
      return (JSON.parse(body) as { entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[] })
        .entry[0]?.changes[0]?.value.statuses[0];
    };
    expect(statusOf(accepted[1] as AcceptedSend)).toMatchObject({ biz_opaque_callback_data: wrapped });
    expect(statusOf(accepted[2] as AcceptedSend)).not.toHaveProperty("biz_opaque_callback_data");
  });
});
