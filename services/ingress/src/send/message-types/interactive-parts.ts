// Parts shared by interactive messages: header (text 60, or image/video/document media), body
// (1,024), footer (60), and the wrapper that puts an interactive object into a send request.
import { z } from "zod";
import { envelope, MISSING, mediaObject, text } from "./common-fields.ts";

const media = mediaObject({});

export const header = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: text(60), sub_text: text(60).optional() }),
  z.object({ type: z.literal("image"), image: media }),
  z.object({ type: z.literal("video"), video: media }),
  z.object({ type: z.literal("document"), document: media }),
]);

export const textHeader = z.object({ type: z.literal("text"), text: text(60) });

export const body = z.object({ text: text(1024) });

export const footer = z.object({ text: text(60) });

/** A send request whose `interactive` object is `shape`. */
export function interactiveMessage<T extends z.ZodRawShape>(shape: T) {
  return z.object({ ...envelope, type: z.literal("interactive"), interactive: z.object(shape) });
}

/** Adds an issue when `values` repeat; Meta requires unique button titles, ids and row ids. */
export function requireUnique(values: readonly string[], what: string, context: z.RefinementCtx): void {
  if (new Set(values).size !== values.length) context.addIssue({ code: "custom", message: `${what} must be unique` });
}

export { MISSING };
