// The registry of message families: which schema validates each `type` (and, for interactive
// messages, each `interactive.type`: every type of the spec's InteractiveObject enum plus cta_url,
// carousel, location requests and the Payments API's order messages), and how to find the
// products a message names. Schemas are built once when this module loads; parsing only looks one
// up.
import type { z } from "zod";
import { contactsMessage } from "./contacts-message.ts";
import { carouselMessage } from "./interactive-carousel-message.ts";
import {
  catalogMessage,
  type ProductReference,
  productListMessage,
  productMessage,
  productsOfCatalogMessage,
  productsOfProduct,
  productsOfProductList,
} from "./interactive-commerce-messages.ts";
import { ctaUrlMessage, flowMessage } from "./interactive-link-messages.ts";
import { orderDetailsMessage, orderStatusMessage, productsOfOrderDetails } from "./interactive-payment-messages.ts";
import { buttonMessage, listMessage } from "./interactive-reply-messages.ts";
import { callPermissionRequestMessage, locationRequestMessage } from "./interactive-request-messages.ts";
import { locationMessage } from "./location-message.ts";
import { audioMessage, documentMessage, imageMessage, stickerMessage, videoMessage } from "./media-messages.ts";
import { reactionMessage } from "./reaction-message.ts";
import { templateMessage } from "./template-message.ts";
import { textMessage } from "./text-message.ts";

export type { ProductReference };

/** What every family's output has in common, whatever its own object. */
export interface MessageEnvelope {
  type: string;
  to: string;
  context?: { message_id: string } | undefined;
  biz_opaque_callback_data?: string | undefined;
}

export interface MessageFamily {
  schema: z.ZodType<MessageEnvelope>;
  products(message: MessageEnvelope): ProductReference | undefined;
}

function family<T extends MessageEnvelope>(
  schema: z.ZodType<T>,
  products?: (message: T) => ProductReference | undefined,
): MessageFamily {
  return {
    schema,
    // The schema produced `message`, so it is a T.
    products: (message) => (products ? products(message as T) : undefined),
  };
}

export const MESSAGE_FAMILIES: ReadonlyMap<string, MessageFamily> = new Map([
  ["text", family(textMessage)],
  ["image", family(imageMessage)],
  ["video", family(videoMessage)],
  ["document", family(documentMessage)],
  ["audio", family(audioMessage)],
  ["sticker", family(stickerMessage)],
  ["location", family(locationMessage)],
  ["contacts", family(contactsMessage)],
  ["reaction", family(reactionMessage)],
  ["template", family(templateMessage)],
]);

export const INTERACTIVE_FAMILIES: ReadonlyMap<string, MessageFamily> = new Map([
  ["button", family(buttonMessage)],
  ["list", family(listMessage)],
  ["product", family(productMessage, productsOfProduct)],
  ["product_list", family(productListMessage, productsOfProductList)],
  ["catalog_message", family(catalogMessage, productsOfCatalogMessage)],
  ["flow", family(flowMessage)],
  ["cta_url", family(ctaUrlMessage)],
  ["carousel", family(carouselMessage)],
  ["call_permission_request", family(callPermissionRequestMessage)],
  ["location_request_message", family(locationRequestMessage)],
  ["order_details", family(orderDetailsMessage, productsOfOrderDetails)],
  ["order_status", family(orderStatusMessage)],
]);
