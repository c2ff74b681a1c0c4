// `interactive.type: carousel`: 2 to 10 horizontally scrolling cards under a required body (1,024;
// no header or footer of its own). Each card has an image or video header, an optional body (160)
// and either one URL button or up to two quick-reply buttons; all cards share the header type and
// the same kind and number of buttons, and card indexes are unique, 0–9, as Meta requires.
import { z } from "zod";
import { httpUrl, MISSING, mediaObject, opaqueId, text } from "./common-fields.ts";
import { body, interactiveMessage, requireUnique } from "./interactive-parts.ts";

const media = mediaObject({});

const cardHeader = z.discriminatedUnion("type", [
  z.object({ type: z.literal("image"), image: media }),
  z.object({ type: z.literal("video"), video: media }),
]);

const quickReply = z.object({
  type: z.literal("quick_reply"),
  quick_reply: z.object({ id: opaqueId(256), title: text(20) }),
});

// A card's action is either a URL button (`name` + `parameters`) or quick replies (`buttons`);
// one object with a check, so a refusal names the field rather than "no union member matched".
const cardAction = z
  .object({
    name: z.literal("cta_url", "must be cta_url").optional(),
    parameters: z.object({ display_text: text(20), url: httpUrl }).optional(),
    buttons: z
      .array(quickReply)
      .min(1, "must hold at least 1 button")
      .max(2, "must hold at most 2 buttons")
      .superRefine((buttons, context) => {
        requireUnique(
          buttons.map((b) => b.quick_reply.id),
          "quick reply ids",
          context,
        );
      })
      .optional(),
  })
  .superRefine((action, context) => {
    const url = action.name !== undefined || action.parameters !== undefined;
    if (url && action.buttons !== undefined) {
      context.addIssue({ code: "custom", message: "give either a URL button or quick replies, not both" });
    } else if (!url && action.buttons === undefined) {
      context.addIssue({ code: "custom", message: "a URL button or quick replies are required", params: MISSING });
    } else if (url && (action.name === undefined || action.parameters === undefined)) {
      context.addIssue({ code: "custom", message: "a URL button needs name and parameters", params: MISSING });
    }
  });

const card = z.object({
  card_index: z.number().int().min(0, "must be 0–9").max(9, "must be 0–9"),
  // Meta's examples name URL-button cards `cta_url`; quick-reply cards are accepted as `button`.
  type: z.enum(["cta_url", "button"], "must be cta_url or button"),
  header: cardHeader,
  body: z.object({ text: text(160) }).optional(),
  action: cardAction,
});

/** What must be the same on every card: header type, and the kind and number of buttons. */
const cardShape = (c: z.output<typeof card>) =>
  `${c.header.type}/${c.action.buttons === undefined ? "url" : `replies:${c.action.buttons.length}`}`;

export const carouselMessage = interactiveMessage({
  type: z.literal("carousel"),
  body,
  action: z.object({
    cards: z
      .array(card)
      .min(2, "must hold at least 2 cards")
      .max(10, "must hold at most 10 cards")
      .superRefine((cards, context) => {
        requireUnique(
          cards.map((c) => String(c.card_index)),
          "card indexes",
          context,
        );
        if (new Set(cards.map(cardShape)).size > 1) {
          context.addIssue({
            code: "custom",
            message: "all cards need the same header type and the same kind and number of buttons",
          });
        }
      }),
  }),
});
