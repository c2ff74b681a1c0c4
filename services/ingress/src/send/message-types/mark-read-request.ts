// The other use of the messages endpoint: marking a customer's message read, optionally showing a
// typing indicator (`typing_indicator: {type: "text"}`), answered `{"success": true}`.
import { z } from "zod";
import { messageId } from "./common-fields.ts";

export const markReadRequest = z.object({
  messaging_product: z.literal("whatsapp", "must be whatsapp"),
  status: z.literal("read", "must be read"),
  message_id: messageId,
  typing_indicator: z.object({ type: z.literal("text", "must be text") }).optional(),
});

export type MarkReadRequest = z.output<typeof markReadRequest>;
