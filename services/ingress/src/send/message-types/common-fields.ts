// Field schemas every message family shares: the envelope of a send request (messaging_product,
// to, context, biz_opaque_callback_data) and the building blocks (ids, media objects, texts).
// Ids are checked by shape so operator objects (`{"$ne":null}`), paths and control characters
// never get past validation; free texts only refuse control characters other than newline/tab.
import { z } from "zod";
import { isReservedCallbackData } from "../../upstream-ids/callback-wrapper.ts";

/** A missing value reported by a refinement: mapped to 131008 rather than 131009. */
export const MISSING = { missing: true } as const;

/** C0 controls and DEL, except tab, newline and carriage return, which texts may carry. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** Free text of at most `max` characters (Meta counts characters, not bytes). */
export const text = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !hasControlCharacter(value), "must not contain control characters");

/** An opaque id chosen by the business (button ids, row ids, retailer ids, flow tokens). */
export const opaqueId = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}\p{Cf}]+$/u, "must not contain control characters");

/** A WhatsApp message id (`wamid.` + base64), as returned by the send API and in webhooks. */
export const messageId = z
  .string()
  .max(256, "must be at most 256 characters")
  .regex(/^wamid\.[A-Za-z0-9+/=_.-]+$/, "must be a WhatsApp message id (wamid.…)")
  .refine((value) => !value.includes(".."), "must be a WhatsApp message id (wamid.…)");

/** A Graph object id: decimal digits (catalog ids). */
export const graphId = z.string().regex(/^[0-9]{1,20}$/, "must be a numeric id");

/** A media id from the media endpoint. */
export const mediaId = z.string().regex(/^[0-9A-Za-z_-]{1,128}$/, "must be a media id");

export const httpUrl = z
  .string()
  .max(2048, "must be at most 2048 characters")
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const protocol = new URL(value).protocol;
    return protocol === "https:" || protocol === "http:";
  }, "must be an http(s) URL");

/** Meta's media object: exactly one of `id` (uploaded media) or `link` (http(s) URL). */
export function mediaObject<T extends z.ZodRawShape>(extra: T) {
  return z.object({ id: mediaId.optional(), link: httpUrl.optional(), ...extra }).superRefine((value, context) => {
    const media = value as { id?: string; link?: string };
    if (media.id === undefined && media.link === undefined) {
      context.addIssue({ code: "custom", message: "id or link is required", params: MISSING });
    } else if (media.id !== undefined && media.link !== undefined) {
      context.addIssue({ code: "custom", message: "give either id or link, not both" });
    }
  });
}

/** The fields every send request has besides its type's own object. */
export const envelope = {
  messaging_product: z.literal("whatsapp", "must be whatsapp"),
  recipient_type: z.literal("individual", "must be individual").optional(),
  to: z.string().regex(/^\+?[0-9]{5,20}$/, "must be a phone number in international format"),
  context: z.object({ message_id: messageId }).optional(),
  // Meta's 512; the prefix of our attribution wrapper is reserved (upstream-ids/callback-wrapper.ts).
  biz_opaque_callback_data: z
    .string()
    .max(512, "must be at most 512 characters")
    .refine((value) => !isReservedCallbackData(value), "must not start with ~sb1: (reserved by the platform)")
    .optional(),
};
