// Interactive messages answered in the chat: reply buttons (up to 3, titles 20 characters) and
// lists (a button label of 20, up to 10 sections and 10 rows in total, row titles 24,
// descriptions 72).
import { z } from "zod";
import { opaqueId, text } from "./common-fields.ts";
import { body, footer, header, interactiveMessage, requireUnique, textHeader } from "./interactive-parts.ts";

export const buttonMessage = interactiveMessage({
  type: z.literal("button"),
  header: header.optional(),
  body,
  footer: footer.optional(),
  action: z.object({
    buttons: z
      .array(z.object({ type: z.literal("reply"), reply: z.object({ id: opaqueId(256), title: text(20) }) }))
      .min(1, "must hold at least 1 button")
      .max(3, "must hold at most 3 buttons")
      .superRefine((buttons, context) => {
        requireUnique(
          buttons.map((b) => b.reply.id),
          "button ids",
          context,
        );
        requireUnique(
          buttons.map((b) => b.reply.title),
          "button titles",
          context,
        );
      }),
  }),
});

const row = z.object({ id: opaqueId(200), title: text(24), description: text(72).optional() });

export const listMessage = interactiveMessage({
  type: z.literal("list"),
  header: textHeader.optional(),
  body: z.object({ text: text(4096) }),
  footer: footer.optional(),
  action: z
    .object({
      button: text(20),
      sections: z
        .array(z.object({ title: text(24).optional(), rows: z.array(row).min(1).max(10) }))
        .min(1)
        .max(10),
    })
    .superRefine((action, context) => {
      const rows = action.sections.flatMap((section) => section.rows);
      if (rows.length > 10) context.addIssue({ code: "custom", message: "must hold at most 10 rows in total" });
      requireUnique(
        rows.map((r) => r.id),
        "row ids",
        context,
      );
      if (action.sections.length > 1 && action.sections.some((section) => section.title === undefined)) {
        context.addIssue({ code: "custom", message: "sections need a title when there is more than one" });
      }
    }),
});
