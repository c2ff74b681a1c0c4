// Validation of the admin API's request bodies. Every failure names the offending field in Graph's
// error shape (131008 missing, 131009 invalid) and happens before anything is written.
import { HOSTING_MODES } from "@switchboard/proto";
import { type ZodType, z } from "zod";
import { invalidParameterValue, missingParameter } from "../graph/graph-errors.ts";

/** An id Meta gave (WABA or phone number id), so a client keeps using the ids it already has. */
const metaId = z.string().regex(/^[0-9]{1,20}$/, "must be the decimal id Meta gave it");

const bspName = z.string().regex(/^[a-z0-9-]{1,64}$/, "must be 1-64 lowercase letters, digits or dashes");

const withBspName = <T extends { hosting_mode: string; bsp_name?: string | undefined }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (value.hosting_mode === "bsp" && value.bsp_name === undefined)
    ctx.addIssue({ code: "custom", path: ["bsp_name"], message: "is required when hosting_mode is bsp" });
  if (value.hosting_mode !== "bsp" && value.bsp_name !== undefined)
    ctx.addIssue({ code: "custom", path: ["bsp_name"], message: "is only allowed when hosting_mode is bsp" });
};

export const phoneNumberBody = z
  .object({
    display_phone_number: z.string().regex(/^\+?[0-9 ()-]{5,24}$/, "must be a phone number"),
    hosting_mode: z.enum(HOSTING_MODES),
    /** For `bsp` numbers: the partner that operates the API. */
    bsp_name: bspName.optional(),
    catalog_id: z.string().max(64).optional(),
    /** Messages per second, inbound and outbound together (Meta: 80 by default, up to 1,000). */
    throughput_mps: z.number().int().min(1).max(1_000).optional(),
    /** The number's Meta phone number id: it becomes the number's id here too. Generated when absent. */
    meta_phone_number_id: metaId.optional(),
  })
  .strict()
  .superRefine(withBspName);

export const createTenantBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(["bsp", "enterprise"]).default("enterprise"),
    phone_numbers: z.array(phoneNumberBody).min(1).max(50),
    /** The business account's Meta WABA id: it becomes its id here too. Generated when absent. */
    meta_business_account_id: metaId.optional(),
  })
  .strict()
  .refine((body) => new Set(body.phone_numbers.map((n) => n.display_phone_number)).size === body.phone_numbers.length, {
    path: ["phone_numbers"],
    message: "must not list the same display_phone_number twice",
  });

export const createBusinessBody = z
  .object({ name: z.string().trim().min(1).max(200), meta_business_account_id: metaId.optional() })
  .strict();

/** How ingress reaches Meta for a business account: never answered back by any route. */
export const metaCredentialsBody = z
  .object({
    system_user_token: z.string().min(20).max(2_000),
    app_secret: z.string().regex(/^[0-9a-zA-Z]{16,128}$/, "must be the Meta app's secret"),
    graph_api_version: z.string().regex(/^v[0-9]{1,2}\.[0-9]$/, "must look like v23.0"),
  })
  .strict();

export const hostingChangeBody = z
  .object({
    hosting_mode: z.enum(HOSTING_MODES),
    bsp_name: bspName.optional(),
    /** Why, for the per-thread history: shown to whoever audits the change. */
    reason: z.string().trim().min(1).max(500),
    /** Who asked for it (an operator's name or ticket), not derived from the shared admin token. */
    changed_by: z.string().trim().min(1).max(200),
  })
  .strict()
  .superRefine(withBspName);

const SECONDS_PER_YEAR = 366 * 24 * 60 * 60;

/** A new access token: without `expires_in_seconds` it lives until revoked. */
export const issueTokenBody = z
  .object({ expires_in_seconds: z.number().int().min(60).max(SECONDS_PER_YEAR).optional() })
  .strict();

/** Rotation: a new token, and the old one kept working for `grace_seconds` (one hour by default). */
export const rotateTokenBody = z
  .object({
    grace_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60 * 60)
      .default(3_600),
    expires_in_seconds: z.number().int().min(60).max(SECONDS_PER_YEAR).optional(),
  })
  .strict();

export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "body";
  if (issue?.code === "invalid_type" && issue.input === undefined) throw missingParameter(`${field} is required`);
  throw invalidParameterValue(`${field}: ${issue?.message ?? "invalid"}`);
}
