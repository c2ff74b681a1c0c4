import { describe, expect, it } from "vitest";
import { anInboundText, aStatusChanged, aSystemAdded, aThreadRef } from "../../test/support/webhook-event-fixtures.ts";
import { inboundChange, statusChange, systemChange } from "./graph-change.ts";
import { webhookBody } from "./webhook-body.ts";

const metadata = { display_phone_number: "15550783881", phone_number_id: "106540352242922" };

describe("platform events as Meta's webhook changes", () => {
  it("an inbound text message carries contacts and the message as Meta sends it", () => {
    const event = anInboundText("wamid.in-1", {
      messageJson: JSON.stringify({
        profile: { name: "Sheena Nelson" },
        text: { body: "Does it come in another color?" },
      }),
    });
    expect(inboundChange(event, metadata)).toEqual({
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata,
        contacts: [{ profile: { name: "Sheena Nelson" }, wa_id: "16505551234" }],
        messages: [
          {
            from: "16505551234",
            id: "wamid.in-1",
            timestamp: "1749416383",
            type: "text",
            text: { body: "Does it come in another color?" },
          },
        ],
      },
    });
  });

  it("names the sender with the profile the upstream's contacts[] carried", () => {
    const event = anInboundText("wamid.contact", {
      contactJson: JSON.stringify({ profile: { name: "Kerry Fisher" }, wa_id: "16505551234" }),
    });
    const value = inboundChange(event, metadata).value as { contacts: { profile: { name: string } }[] };
    expect(value.contacts[0]?.profile.name).toBe("Kerry Fisher");
  });

  it("keeps every field of other message types and adds the business-scoped user id when known", () => {
    const image = { caption: "Taj Mahal", mime_type: "image/jpeg", sha256: "SfIn", id: "1003383421387256" };
    const event = anInboundText("wamid.in-2", {
      type: "image",
      thread: aThreadRef({ customerId: "US.13491208655302741918", customerWaId: "16505551234" }),
      // Canonical fields from the event win over what the upstream object says.
      messageJson: JSON.stringify({ id: "spoofed", type: "text", image, context: { id: "wamid.prev" } }),
    });
    const value = inboundChange(event, metadata).value;
    expect(value.contacts).toEqual([
      { profile: { name: "" }, wa_id: "16505551234", user_id: "US.13491208655302741918" },
    ]);
    expect(value.messages).toEqual([
      {
        from: "16505551234",
        id: "wamid.in-2",
        timestamp: "1749416383",
        type: "image",
        image,
        context: { id: "wamid.prev" },
      },
    ]);
  });

  it("a status carries recipient, biz_opaque_callback_data when set, and no errors unless failed", () => {
    const sent = statusChange(
      aStatusChanged("wamid.out-1", { status: "sent", bizOpaqueCallbackData: "order-7" }),
      metadata,
    );
    expect(sent).toEqual({
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata,
        statuses: [
          {
            id: "wamid.out-1",
            status: "sent",
            timestamp: "1750000000",
            recipient_id: "16505551234",
            biz_opaque_callback_data: "order-7",
          },
        ],
      },
    });
    const read = statusChange(aStatusChanged("wamid.out-1", { status: "read" }), metadata).value.statuses;
    expect(read).toEqual([{ id: "wamid.out-1", status: "read", timestamp: "1750000000", recipient_id: "16505551234" }]);
  });

  it("a failed status carries Meta's errors, or a generic 131000 when the upstream gave none", () => {
    const errors = [{ code: 131047, title: "Re-engagement message", error_data: { details: "window closed" } }];
    const failed = statusChange(
      aStatusChanged("wamid.out-2", { status: "failed", errorsJson: JSON.stringify(errors) }),
      metadata,
    );
    expect(failed.value.statuses).toEqual([
      { id: "wamid.out-2", status: "failed", timestamp: "1750000000", recipient_id: "16505551234", errors },
    ]);
    const bare = statusChange(aStatusChanged("wamid.out-3", { status: "failed" }), metadata).value.statuses as {
      errors: { code: number }[];
    }[];
    expect(bare[0]?.errors[0]?.code).toBe(131000);
  });

  it("a system notice is a `system` message without contacts", () => {
    expect(systemChange(aSystemAdded("wamid.sys-1"), metadata)).toEqual({
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata,
        messages: [
          {
            from: "16505551234",
            id: "wamid.sys-1",
            timestamp: "1750269342",
            system: {
              body: "This business uses a secure service from Meta to manage this chat.",
              type: "hosting_notice",
              wa_id: "16505551234",
            },
            type: "system",
          },
        ],
      },
    });
  });

  it("a POST body wraps the business's changes in Meta's envelope", () => {
    const changes = [
      inboundChange(anInboundText("wamid.a"), metadata),
      statusChange(aStatusChanged("wamid.b"), metadata),
    ];
    const body = webhookBody(
      '41"9',
      changes.map((c) => JSON.stringify(c)),
    );
    expect(JSON.parse(body.toString())).toEqual({
      object: "whatsapp_business_account",
      entry: [{ id: '41"9', changes }],
    });
  });
});
