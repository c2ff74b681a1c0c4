// Interactive messages about the business's catalog: one product, a product list (header text
// required, up to 10 sections and 30 products in total) and the whole catalog. Each exposes the
// retailer ids it names so the route can check them against the catalog service.
import { z } from "zod";
import { graphId, opaqueId } from "./common-fields.ts";
import { body, footer, interactiveMessage, textHeader } from "./interactive-parts.ts";

const retailerId = opaqueId(128);

export const productMessage = interactiveMessage({
  type: z.literal("product"),
  body: body.optional(),
  footer: footer.optional(),
  action: z.object({ catalog_id: graphId, product_retailer_id: retailerId }),
});

export const productListMessage = interactiveMessage({
  type: z.literal("product_list"),
  header: textHeader,
  body,
  footer: footer.optional(),
  action: z
    .object({
      catalog_id: graphId,
      sections: z
        .array(
          z.object({
            title: z.string().max(24, "must be at most 24 characters").optional(),
            product_items: z
              .array(z.object({ product_retailer_id: retailerId }))
              .min(1)
              .max(30),
          }),
        )
        .min(1)
        .max(10),
    })
    .superRefine((action, context) => {
      const items = action.sections.reduce((sum, section) => sum + section.product_items.length, 0);
      if (items > 30) context.addIssue({ code: "custom", message: "must hold at most 30 products in total" });
    }),
});

export const catalogMessage = interactiveMessage({
  type: z.literal("catalog_message"),
  body,
  footer: footer.optional(),
  action: z.object({
    name: z.literal("catalog_message"),
    parameters: z.object({ thumbnail_product_retailer_id: retailerId }),
  }),
});

/** The products a commerce message names; `catalogId` undefined means the number's own catalog. */
export interface ProductReference {
  catalogId: string | undefined;
  retailerIds: string[];
}

export function productsOfProduct(message: z.output<typeof productMessage>): ProductReference {
  const { action } = message.interactive;
  return { catalogId: action.catalog_id, retailerIds: [action.product_retailer_id] };
}

export function productsOfProductList(message: z.output<typeof productListMessage>): ProductReference {
  const { action } = message.interactive;
  return {
    catalogId: action.catalog_id,
    retailerIds: action.sections.flatMap((s) => s.product_items.map((p) => p.product_retailer_id)),
  };
}

export function productsOfCatalogMessage(message: z.output<typeof catalogMessage>): ProductReference {
  return { catalogId: undefined, retailerIds: [message.interactive.action.parameters.thumbnail_product_retailer_id] };
}
