// `type: text`: a body of up to 4,096 characters and an optional link preview.
import { z } from "zod";
import { envelope, text } from "./common-fields.ts";

export const textMessage = z.object({
  ...envelope,
  type: z.literal("text"),
  text: z.object({ body: text(4096), preview_url: z.boolean().optional() }),
});
