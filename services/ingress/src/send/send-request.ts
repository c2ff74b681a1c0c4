// Validation of `POST /{version}/{phone_number_id}/messages` bodies, compiled once at load.
// Every failure maps to the Graph error Meta returns for it: a missing field is 131008, a field
// with a bad value is 131009, an unsupported `type` is 100. The foundation covers text and
// product messages; other message types are refused clearly until they are implemented.
import { z } from "zod";
import { invalidParameter, invalidParameterValue, missingParameter } from "../graph/graph-errors.ts";

const retailerId = z.string().min(1).max(128);
const interactiveText = z.object({ text: z.string().min(1).max(1024) });

const common = {
  messaging_product: z.literal("whatsapp"),
  recipient_type: z.literal("individual").optional(),
  to: z.string().regex(/^\+?[0-9]{5,20}$/, "must be a phone number in international format"),
  context: z.object({ message_id: z.string().min(1).max(256) }).optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
};

const textMessage = z.object({
  ...common,
  type: z.literal("text"),
  text: z.object({ body: z.string().min(1).max(4096), preview_url: z.boolean().optional() }),
});

const productMessage = z.object({
  ...common,
  type: z.literal("interactive"),
  interactive: z.object({
    type: z.literal("product"),
    body: interactiveText.optional(),
    footer: interactiveText.optional(),
    action: z.object({ catalog_id: z.string().min(1).max(64), product_retailer_id: retailerId }),
  }),
});

const productListMessage = z.object({
  ...common,
  type: z.literal("interactive"),
  interactive: z.object({
    type: z.literal("product_list"),
    header: z.object({ type: z.literal("text"), text: z.string().min(1).max(60) }),
    body: interactiveText,
    footer: interactiveText.optional(),
    action: z.object({
      catalog_id: z.string().min(1).max(64),
      sections: z
        .array(
          z.object({
            title: z.string().max(24).optional(),
            product_items: z
              .array(z.object({ product_retailer_id: retailerId }))
              .min(1)
              .max(30),
          }),
        )
        .min(1)
        .max(10),
    }),
  }),
});

export type SendRequest =
  | z.output<typeof textMessage>
  | z.output<typeof productMessage>
  | z.output<typeof productListMessage>;

const SUPPORTED = new Set(["text", "interactive"]);

export function parseSendRequest(body: unknown): SendRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidParameter("The request body must be a JSON object");
  }
  const type = (body as { type?: unknown }).type ?? "text";
  if (typeof type !== "string" || !SUPPORTED.has(type)) {
    throw invalidParameter(`Unsupported message type: ${String(type).slice(0, 32)}`);
  }
  const interactiveType = (body as { interactive?: { type?: unknown } }).interactive?.type;
  const schema =
    type === "text" ? textMessage : interactiveType === "product_list" ? productListMessage : productMessage;
  const parsed = schema.safeParse({ ...body, type });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join(".") ?? "";
  const missing = issue?.code === "invalid_type" && issue.message.includes("undefined");
  if (missing) throw missingParameter(`${path} is required`);
  throw invalidParameterValue(`${path}: ${issue?.message ?? "invalid"}`);
}

/** The retailer ids a product message refers to, for the catalog check. */
export function referencedProducts(request: SendRequest): { catalogId: string; retailerIds: string[] } | undefined {
  if (request.type !== "interactive") return undefined;
  const { interactive } = request;
  if (interactive.type === "product") {
    return { catalogId: interactive.action.catalog_id, retailerIds: [interactive.action.product_retailer_id] };
  }
  return {
    catalogId: interactive.action.catalog_id,
    retailerIds: interactive.action.sections.flatMap((s) => s.product_items.map((p) => p.product_retailer_id)),
  };
}
