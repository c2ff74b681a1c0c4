// Interactive messages that open something: a Flow (by id or by name, message version 3, CTA of
// 30 characters) and a call-to-action URL button (label 20 characters, http(s) URL).
import { z } from "zod";
import { httpUrl, MISSING, opaqueId, text } from "./common-fields.ts";
import { body, footer, header, interactiveMessage } from "./interactive-parts.ts";

export const flowMessage = interactiveMessage({
  type: z.literal("flow"),
  header: header.optional(),
  body,
  footer: footer.optional(),
  action: z.object({
    name: z.literal("flow"),
    parameters: z
      .object({
        flow_message_version: z.literal("3", "must be 3"),
        flow_id: z
          .string()
          .regex(/^[0-9]{1,20}$/, "must be a numeric id")
          .optional(),
        flow_name: opaqueId(200).optional(),
        flow_cta: text(30),
        mode: z.enum(["draft", "published"]).optional(),
        flow_token: opaqueId(1024).optional(),
        flow_action: z.enum(["navigate", "data_exchange"]).optional(),
        flow_action_payload: z
          .object({ screen: opaqueId(128).optional(), data: z.record(z.string(), z.unknown()).optional() })
          .optional(),
      })
      .superRefine((parameters, context) => {
        if (parameters.flow_id === undefined && parameters.flow_name === undefined) {
          context.addIssue({ code: "custom", message: "flow_id or flow_name is required", params: MISSING });
        } else if (parameters.flow_id !== undefined && parameters.flow_name !== undefined) {
          context.addIssue({ code: "custom", message: "give either flow_id or flow_name, not both" });
        }
      }),
  }),
});

export const ctaUrlMessage = interactiveMessage({
  type: z.literal("cta_url"),
  header: header.optional(),
  body,
  footer: footer.optional(),
  action: z.object({
    name: z.literal("cta_url"),
    parameters: z.object({ display_text: text(20), url: httpUrl }),
  }),
});
