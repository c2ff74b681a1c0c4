// Interactive messages of Meta's Payments API (India, Brazil, Singapore): `order_details` asks the
// customer to review and pay an order (action `review_and_pay`), `order_status` updates it
// (action `review_order`). Both name the order by the business's `reference_id`. Amounts are
// Meta's `{value, offset}` (value / offset in the currency's units); where the order is itemised,
// the totals must add up as Meta checks them, so a wrong total fails here and not after sending.
// Items of an order linked to a catalog are checked against it like product messages.
import { z } from "zod";
import { graphId, opaqueId, text } from "./common-fields.ts";
import type { ProductReference } from "./interactive-commerce-messages.ts";
import { body, footer, header, interactiveMessage } from "./interactive-parts.ts";

const OFFSETS = [1, 10, 100, 1000];

const amount = z.object({
  value: z.number().int("must be an integer").min(0, "must not be negative"),
  offset: z
    .number()
    .int()
    .refine((offset) => OFFSETS.includes(offset), "must be 1, 10, 100 or 1000"),
});

type Amount = z.output<typeof amount>;

/** The amount in thousandths of the currency unit, so amounts of different offsets compare. */
const thousandths = (a: Amount) => a.value * (1000 / a.offset);

const referenceId = z.string().regex(/^[A-Za-z0-9_.-]{1,35}$/, "must be 1-35 letters, digits, '_', '-' or '.'");

const item = z.object({
  retailer_id: opaqueId(128),
  name: text(60),
  amount,
  sale_amount: amount.optional(),
  quantity: z.number().int().min(1, "must be at least 1").max(1000, "must be at most 1000"),
  country_of_origin: text(100).optional(),
  importer_name: text(200).optional(),
  importer_address: z.record(z.string(), z.unknown()).optional(),
});

const order = z.object({
  status: z.literal("pending", "must be pending"),
  catalog_id: graphId.optional(),
  expiration: z
    .object({
      timestamp: z.string().regex(/^[0-9]{1,12}$/, "must be a Unix time in seconds"),
      description: text(120),
    })
    .optional(),
  items: z.array(item).min(1, "must hold at least 1 item").max(999, "must hold at most 999 items"),
  subtotal: amount,
  tax: amount.extend({ description: text(60).optional() }),
  shipping: amount.extend({ description: text(60).optional() }).optional(),
  discount: amount.extend({ description: text(60).optional(), discount_program_name: text(60).optional() }).optional(),
});

const orderDetailsParameters = z
  .object({
    reference_id: referenceId,
    type: z.enum(["digital-goods", "physical-goods"], "must be digital-goods or physical-goods"),
    payment_type: opaqueId(64).optional(),
    payment_configuration: opaqueId(60).optional(),
    // Settings differ per country and method (Pix, payment links, boleto, gateways): the method's
    // `type` is checked, its own fields pass through to Meta, which knows them.
    payment_settings: z
      .array(z.looseObject({ type: opaqueId(64) }))
      .min(1)
      .max(10)
      .optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code"),
    total_amount: amount,
    order: order.optional(),
  })
  .superRefine((parameters, context) => {
    const o = parameters.order;
    if (!o) return;
    const items = o.items.reduce((sum, i) => sum + thousandths(i.sale_amount ?? i.amount) * i.quantity, 0);
    if (items !== thousandths(o.subtotal)) {
      context.addIssue({ code: "custom", path: ["order", "subtotal"], message: "must equal the items' amounts" });
    }
    const total =
      thousandths(o.subtotal) +
      thousandths(o.tax) +
      (o.shipping ? thousandths(o.shipping) : 0) -
      (o.discount ? thousandths(o.discount) : 0);
    if (total !== thousandths(parameters.total_amount)) {
      context.addIssue({
        code: "custom",
        path: ["total_amount"],
        message: "must equal subtotal + tax + shipping - discount",
      });
    }
  });

export const orderDetailsMessage = interactiveMessage({
  type: z.literal("order_details"),
  header: header.optional(),
  body,
  footer: footer.optional(),
  action: z.object({
    name: z.literal("review_and_pay", "must be review_and_pay"),
    parameters: orderDetailsParameters,
  }),
});

const ORDER_STATUSES = ["pending", "processing", "partially-shipped", "shipped", "completed", "canceled"] as const;

export const orderStatusMessage = interactiveMessage({
  type: z.literal("order_status"),
  body,
  footer: footer.optional(),
  action: z.object({
    name: z.literal("review_order", "must be review_order"),
    parameters: z.object({
      reference_id: referenceId,
      order: z.object({
        status: z.enum(ORDER_STATUSES, `must be one of ${ORDER_STATUSES.join(", ")}`),
        description: text(120).optional(),
      }),
      payment: z
        .object({
          status: opaqueId(64).optional(),
          timestamp: z.number().int().min(0).optional(),
        })
        .optional(),
    }),
  }),
});

/** The catalog products an order_details message names; none when its order names no catalog. */
export function productsOfOrderDetails(message: z.output<typeof orderDetailsMessage>): ProductReference | undefined {
  const order = message.interactive.action.parameters.order;
  if (order?.catalog_id === undefined) return undefined;
  return { catalogId: order.catalog_id, retailerIds: [...new Set(order.items.map((i) => i.retailer_id))] };
}
