// `type: reaction`: an emoji on an earlier message; an empty emoji removes the reaction, as on Meta.
import { z } from "zod";
import { envelope, messageId } from "./common-fields.ts";

export const reactionMessage = z.object({
  ...envelope,
  type: z.literal("reaction"),
  reaction: z.object({
    message_id: messageId,
    emoji: z
      .string()
      .max(16, "must be a single emoji")
      .regex(/^[^\p{Cc}\p{L}\p{N}]*$/u, "must be a single emoji"),
  }),
});
