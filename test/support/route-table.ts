// One entry per route ingress serves (keys as served-routes.ts prints them): who may call it and
// how to build well-formed requests to it — the fuzz suite mutates these, the isolation suite sends
// them with one party's credentials at another party's ids. A route served without an entry here
// fails both suites; add the entry next to the route's siblings.

import { VALID_MESSAGES } from "../../services/ingress/test/support/send-request-fixtures.ts";
import { fixtureBytes, fixtureNames } from "../../services/ingress/test/support/upstream-fixtures.ts";
import { PARKED_TOPIC } from "./fake-dead-letters.ts";
import { ADMIN_TOKEN, UPSTREAM_VERIFY_TOKEN } from "./in-process-ingress.ts";
import {
  ANALYTICS_FROM_S,
  ITEMS_BATCH_BODY,
  mediaUpload,
  type Party,
  PRODUCT_BODY,
  TEMPLATE_BODY,
} from "./probe-world.ts";

export interface ProbeRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  /** JSON (an object) or raw bytes with `contentType`. */
  body?: unknown;
  contentType?: string;
}

/**
 * - `business`: a business access token, and the ids in the path or query name the business's
 *   own objects (numbers, accounts, catalogs, media, threads, messages, customers, templates).
 * - `business-self`: a business access token and no id: the route acts on the caller's own data.
 * - `admin`: the operator's admin token; the path names a tenant and business account.
 * - `upstream`: Meta's signed webhooks and their handshake: no tenant credentials at all.
 * - `probe`: liveness and readiness, no data.
 */
export type RouteAuth = "business" | "business-self" | "admin" | "upstream" | "probe";

export interface RouteEntry {
  auth: RouteAuth;
  /** Well-formed requests of `actor` naming `target`'s objects (the same party for own data). */
  requests(actor: Party, target: Party): ProbeRequest[];
}

const V = "/v23.0";
const ADMIN = "/admin/v1/tenants";
const adminBusiness = (t: Party) => `${ADMIN}/${t.tenantId}/business_accounts/${t.businessId}`;
const analyticsFields = `fields=analytics.start(${ANALYTICS_FROM_S}).end(${ANALYTICS_FROM_S + 2 * 86_400}).granularity(DAY)`;

export const ROUTE_TABLE: Record<string, RouteEntry> = {
  // The send API.
  "POST /:version/:id/messages": {
    auth: "business",
    requests: (_a, t) => [
      { method: "POST", url: `${V}/${t.phoneNumberId}/messages`, body: VALID_MESSAGES.text },
      { method: "POST", url: `${V}/${t.phoneNumberId}/messages`, body: VALID_MESSAGES["image by id"] },
      {
        method: "POST",
        url: `${V}/${t.phoneNumberId}/messages`,
        body: { ...VALID_MESSAGES["image by id"], image: { id: t.mediaId } },
      },
      {
        method: "POST",
        url: `${V}/${t.phoneNumberId}/messages`,
        body: {
          messaging_product: "whatsapp",
          to: "+16505550123",
          type: "template",
          template: {
            name: t.approvedTemplateName,
            language: { code: "en_US" },
            components: [{ type: "body", parameters: [{ type: "text", text: "A-1" }] }],
          },
        },
      },
      {
        method: "POST",
        url: `${V}/${t.phoneNumberId}/messages`,
        body: { messaging_product: "whatsapp", status: "read", message_id: t.messageId },
      },
    ],
  },
  // Media.
  "POST /:version/:id/media": {
    auth: "business",
    requests: (_a, t) => {
      const upload = mediaUpload({ type: "image/png", bytes: Buffer.from("png bytes") });
      return [
        { method: "POST", url: `${V}/${t.phoneNumberId}/media`, body: upload.payload, contentType: upload.contentType },
      ];
    },
  },
  "GET /:version/:id": {
    auth: "business",
    requests: (_a, t) => [
      { method: "GET", url: `${V}/${t.mediaId}` },
      { method: "GET", url: `${V}/${t.mediaId}?phone_number_id=${t.phoneNumberId}` },
      { method: "GET", url: `${V}/${t.templateId}` },
    ],
  },
  "DELETE /:version/:id": {
    auth: "business",
    requests: (_a, t) => [{ method: "DELETE", url: `${V}/${t.mediaId}` }],
  },
  "GET /media/download/:id": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `/media/download/${t.mediaId}` }],
  },
  // Analytics (Graph's fields on the WABA node).
  "GET /:version/:id [graphAnalyticsFields=yes]": {
    auth: "business",
    requests: (_a, t) => [
      { method: "GET", url: `${V}/${t.businessId}?${analyticsFields}` },
      { method: "GET", url: `${V}/${t.businessId}?${analyticsFields}.phone_numbers(["${t.phoneNumberId}"])` },
    ],
  },
  // Templates.
  "GET /:version/:id/message_templates": {
    auth: "business",
    requests: (_a, t) => [
      { method: "GET", url: `${V}/${t.businessId}/message_templates` },
      { method: "GET", url: `${V}/${t.businessId}/message_templates?name=${t.templateName}` },
    ],
  },
  "POST /:version/:id/message_templates": {
    auth: "business",
    requests: (a, t) => [
      {
        method: "POST",
        url: `${V}/${t.businessId}/message_templates`,
        body: TEMPLATE_BODY(`fresh_${a.name.toLowerCase()}`),
      },
    ],
  },
  // Graph's node path, POST: edits a template (template-edit-route.ts).
  "POST /:version/:id": {
    auth: "business",
    requests: (_a, t) => [
      {
        method: "POST",
        url: `${V}/${t.approvedTemplateId}`,
        body: {
          components: [{ type: "BODY", text: "Your order {{1}} is on its way.", example: { body_text: [["A-2"]] } }],
        },
      },
    ],
  },
  "DELETE /:version/:id/message_templates": {
    auth: "business",
    requests: (_a, t) => [
      { method: "DELETE", url: `${V}/${t.businessId}/message_templates?name=${t.templateName}` },
      {
        method: "DELETE",
        url: `${V}/${t.businessId}/message_templates?name=${t.templateName}&hsm_id=${t.templateId}`,
      },
    ],
  },
  // The read side.
  "GET /:version/:id/threads": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `${V}/${t.phoneNumberId}/threads?limit=10` }],
  },
  "GET /:version/:id/threads/:id": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `${V}/${t.phoneNumberId}/threads/${t.threadId}` }],
  },
  "GET /:version/:id/threads/:id/messages": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `${V}/${t.phoneNumberId}/threads/${t.threadId}/messages?limit=10` }],
  },
  "GET /:version/messages/:id/audit": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `${V}/messages/${t.messageId}/audit` }],
  },
  // Privacy controls.
  "POST /:version/:id/customers/:id/opt_out": {
    auth: "business",
    requests: (_a, t) => [{ method: "POST", url: `${V}/${t.phoneNumberId}/customers/${t.customerId}/opt_out` }],
  },
  "POST /:version/:id/customers/:id/opt_in": {
    auth: "business",
    requests: (_a, t) => [{ method: "POST", url: `${V}/${t.phoneNumberId}/customers/${t.customerId}/opt_in` }],
  },
  "GET /:version/:id/customers/:id/export": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `${V}/${t.phoneNumberId}/customers/${t.customerId}/export` }],
  },
  "DELETE /:version/:id/customers/:id": {
    auth: "business",
    requests: (_a, t) => [{ method: "DELETE", url: `${V}/${t.phoneNumberId}/customers/${t.customerId}` }],
  },
  // Catalog and commerce.
  "GET /:version/:id/products": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `${V}/${t.catalogId}/products?limit=10` }],
  },
  "POST /:version/:id/products": {
    auth: "business",
    requests: (a, t) => [{ method: "POST", url: `${V}/${t.catalogId}/products`, body: PRODUCT_BODY(`new-${a.name}`) }],
  },
  // One product at Graph's node path (19-digit product item ids).
  "GET /:version/:id(^[1-9][0-9]{18}$)": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `${V}/${t.productItemId}` }],
  },
  "POST /:version/:id(^[1-9][0-9]{18}$)": {
    auth: "business",
    requests: (_a, t) => [{ method: "POST", url: `${V}/${t.productItemId}`, body: { name: "Big mug", inventory: 9 } }],
  },
  "DELETE /:version/:id(^[1-9][0-9]{18}$)": {
    auth: "business",
    requests: (_a, t) => [{ method: "DELETE", url: `${V}/${t.productItemId}` }],
  },
  "POST /:version/:id/items_batch": {
    auth: "business",
    requests: (_a, t) => [{ method: "POST", url: `${V}/${t.catalogId}/items_batch`, body: ITEMS_BATCH_BODY }],
  },
  "GET /:version/:id/check_batch_request_status": {
    auth: "business",
    requests: (_a, t) => [
      { method: "GET", url: `${V}/${t.catalogId}/check_batch_request_status?handle=${t.batchHandle}` },
    ],
  },
  "GET /:version/:id/whatsapp_commerce_settings": {
    auth: "business",
    requests: (_a, t) => [{ method: "GET", url: `${V}/${t.phoneNumberId}/whatsapp_commerce_settings` }],
  },
  "POST /:version/:id/whatsapp_commerce_settings": {
    auth: "business",
    requests: (_a, t) => [
      { method: "POST", url: `${V}/${t.phoneNumberId}/whatsapp_commerce_settings?is_cart_enabled=true` },
      {
        method: "POST",
        url: `${V}/${t.phoneNumberId}/whatsapp_commerce_settings`,
        body: { is_catalog_visible: false },
      },
    ],
  },
  // Business webhook registration: the caller's own subscription, no id in the path.
  "GET /v1/webhook-subscriptions": {
    auth: "business-self",
    requests: () => [{ method: "GET", url: "/v1/webhook-subscriptions" }],
  },
  "POST /v1/webhook-subscriptions": {
    auth: "business-self",
    requests: () => [
      {
        method: "POST",
        url: "/v1/webhook-subscriptions",
        // Port 1 refuses at once: the handshake fails fast and nothing is stored.
        body: { callback_url: "https://127.0.0.1:1/hook", verify_token: "verify-me", app_secret: "app-secret-1" },
      },
    ],
  },
  // The operator's admin API.
  "GET /admin/v1/tenants": { auth: "admin", requests: () => [{ method: "GET", url: ADMIN }] },
  "POST /admin/v1/tenants": {
    auth: "admin",
    requests: () => [
      {
        method: "POST",
        url: ADMIN,
        body: { name: "Fuzz Co", phone_numbers: [{ display_phone_number: "+1 555 0199", hosting_mode: "cloud" }] },
      },
    ],
  },
  "GET /admin/v1/tenants/:id/business_accounts": {
    auth: "admin",
    requests: (_a, t) => [{ method: "GET", url: `${ADMIN}/${t.tenantId}/business_accounts` }],
  },
  "POST /admin/v1/tenants/:id/business_accounts": {
    auth: "admin",
    requests: (_a, t) => [
      { method: "POST", url: `${ADMIN}/${t.tenantId}/business_accounts`, body: { name: "Second" } },
    ],
  },
  "GET /admin/v1/tenants/:id/business_accounts/:id/phone_numbers": {
    auth: "admin",
    requests: (_a, t) => [{ method: "GET", url: `${adminBusiness(t)}/phone_numbers` }],
  },
  "POST /admin/v1/tenants/:id/business_accounts/:id/phone_numbers": {
    auth: "admin",
    requests: (_a, t) => [
      {
        method: "POST",
        url: `${adminBusiness(t)}/phone_numbers`,
        body: { display_phone_number: "+1 555 0177", hosting_mode: "on_premises" },
      },
    ],
  },
  "POST /admin/v1/tenants/:id/business_accounts/:id/phone_numbers/:id/hosting": {
    auth: "admin",
    requests: (_a, t) => [
      {
        method: "POST",
        url: `${adminBusiness(t)}/phone_numbers/${t.phoneNumberId}/hosting`,
        body: { hosting_mode: "on_premises", reason: "fuzz", changed_by: "ops" },
      },
    ],
  },
  "GET /admin/v1/tenants/:id/business_accounts/:id/access_tokens": {
    auth: "admin",
    requests: (_a, t) => [{ method: "GET", url: `${adminBusiness(t)}/access_tokens` }],
  },
  "POST /admin/v1/tenants/:id/business_accounts/:id/access_tokens": {
    auth: "admin",
    requests: (_a, t) => [{ method: "POST", url: `${adminBusiness(t)}/access_tokens` }],
  },
  "DELETE /admin/v1/tenants/:id/business_accounts/:id/access_tokens/:id": {
    auth: "admin",
    requests: (_a, t) => [{ method: "DELETE", url: `${adminBusiness(t)}/access_tokens/${t.tokenId}` }],
  },
  "PUT /admin/v1/tenants/:id/business_accounts/:id/meta_credentials": {
    auth: "admin",
    requests: (_a, t) => [
      {
        method: "PUT",
        url: `${adminBusiness(t)}/meta_credentials`,
        body: {
          system_user_token: "EAAG-system-user-token-0123456789",
          app_secret: "0123456789abcdef0123",
          graph_api_version: "v23.0",
        },
      },
    ],
  },
  "POST /admin/v1/tenants/:id/business_accounts/:id/access_tokens/:id/rotate": {
    auth: "admin",
    requests: (_a, t) => [
      { method: "POST", url: `${adminBusiness(t)}/access_tokens/${t.tokenId}/rotate`, body: { grace_seconds: 60 } },
    ],
  },
  "POST /admin/v1/tenants/:id/suspend": {
    auth: "admin",
    requests: (_a, t) => [{ method: "POST", url: `${ADMIN}/${t.tenantId}/suspend` }],
  },
  "POST /admin/v1/tenants/:id/resume": {
    auth: "admin",
    requests: (_a, t) => [{ method: "POST", url: `${ADMIN}/${t.tenantId}/resume` }],
  },
  "POST /admin/v1/tenants/:id/business_accounts/:id/suspend": {
    auth: "admin",
    requests: (_a, t) => [{ method: "POST", url: `${adminBusiness(t)}/suspend` }],
  },
  "POST /admin/v1/tenants/:id/business_accounts/:id/resume": {
    auth: "admin",
    requests: (_a, t) => [{ method: "POST", url: `${adminBusiness(t)}/resume` }],
  },
  "GET /admin/v1/dlq": { auth: "admin", requests: () => [{ method: "GET", url: "/admin/v1/dlq" }] },
  "GET /admin/v1/dlq/:id": {
    auth: "admin",
    requests: () => [{ method: "GET", url: `/admin/v1/dlq/${PARKED_TOPIC}?limit=5` }],
  },
  "POST /admin/v1/dlq/:id/replay": {
    auth: "admin",
    requests: () => [{ method: "POST", url: `/admin/v1/dlq/${PARKED_TOPIC}/replay` }],
  },
  "GET /admin/v1/tenants/:id/business_accounts/:id/webhook_deliveries": {
    auth: "admin",
    requests: (_a, t) => [{ method: "GET", url: `${adminBusiness(t)}/webhook_deliveries` }],
  },
  "GET /admin/v1/tenants/:id/business_accounts/:id/webhook_backlog": {
    auth: "admin",
    requests: (_a, t) => [{ method: "GET", url: `${adminBusiness(t)}/webhook_backlog` }],
  },
  "POST /admin/v1/tenants/:id/business_accounts/:id/webhook_deliveries/replay": {
    auth: "admin",
    requests: (_a, t) => [{ method: "POST", url: `${adminBusiness(t)}/webhook_deliveries/replay`, body: {} }],
  },
  // Meta's webhooks: the project's fixtures (addressed to A1's number), signed when sent.
  "GET /webhooks/meta": {
    auth: "upstream",
    requests: () => [
      {
        method: "GET",
        url: `/webhooks/meta?hub.mode=subscribe&hub.verify_token=${UPSTREAM_VERIFY_TOKEN}&hub.challenge=12345`,
      },
    ],
  },
  "POST /webhooks/meta": {
    auth: "upstream",
    requests: () =>
      fixtureNames().map((name) => ({
        method: "POST" as const,
        url: "/webhooks/meta",
        body: fixtureBytes(name),
        contentType: "application/json",
      })),
  },
  // Probes.
  "GET /healthz": { auth: "probe", requests: () => [{ method: "GET", url: "/healthz" }] },
  "GET /readyz": { auth: "probe", requests: () => [{ method: "GET", url: "/readyz" }] },
};

/**
 * The order both suites send routes in: business routes before admin ones (which revoke, rotate
 * and suspend), and deletions last in each, so the data the other routes name is still there.
 */
export function probeOrder(routes: readonly string[]): string[] {
  const rank = (route: string) => (route.includes(" /admin/") ? 2 : 0) + (route.startsWith("DELETE ") ? 1 : 0);
  return [...routes].sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
}

export const ADMIN_HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}` };
