// `type: template`: a pre-approved template by name and language, with the parameters of its
// header, body and buttons. Only the shape is checked here, with the spec's parameter types;
// whether it fits an approved template of the business is templates/send-check.ts's answer.
import { z } from "zod";
import { envelope, mediaObject, opaqueId, text } from "./common-fields.ts";

const mediaParameter = mediaObject({ filename: text(240).optional() });

const parameter = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: text(32_768), parameter_name: opaqueId(128).optional() }),
  z.object({
    type: z.literal("currency"),
    currency: z.object({
      fallback_value: text(128),
      code: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code"),
      amount_1000: z.number().int(),
    }),
  }),
  z.object({ type: z.literal("date_time"), date_time: z.object({ fallback_value: text(128) }) }),
  z.object({ type: z.literal("image"), image: mediaParameter }),
  z.object({ type: z.literal("video"), video: mediaParameter }),
  z.object({ type: z.literal("document"), document: mediaParameter }),
  z.object({ type: z.literal("payload"), payload: opaqueId(256) }),
  z.object({ type: z.literal("action"), action: z.record(z.string(), z.unknown()) }),
]);

const component = z.discriminatedUnion("type", [
  z.object({ type: z.literal("header"), parameters: z.array(parameter).min(1).max(1) }),
  z.object({ type: z.literal("body"), parameters: z.array(parameter).max(100).optional() }),
  z.object({
    type: z.literal("button"),
    sub_type: z.enum(["quick_reply", "url", "catalog", "flow", "copy_code"]),
    index: z.union([z.string().regex(/^[0-9]$/, "must be 0-9"), z.number().int().min(0).max(9)]),
    parameters: z.array(parameter).min(1).max(10),
  }),
]);

export const templateMessage = z.object({
  ...envelope,
  type: z.literal("template"),
  template: z.object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, "must be a template name (a-z, 0-9, _)"),
    language: z.object({
      code: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, "must be a language code such as en_US"),
      policy: z.literal("deterministic").optional(),
    }),
    components: z.array(component).max(12).optional(),
  }),
});
