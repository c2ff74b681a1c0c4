// The business-facing registration API: POST /v1/webhook-subscriptions stores the business's
// callback URL, verify token and app secret, but only after Meta's GET handshake against the URL
// succeeded; GET returns the subscription without its secrets. The business is whoever the access
// token speaks for: a business can only ever read or replace its own subscription.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { GraphError } from "../graph/graph-error.ts";
import { invalidParameterValue } from "../graph/graph-errors.ts";
import { authenticate } from "../tenancy/authenticate.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import type { CallbackHandshake } from "./callback-handshake.ts";
import { WEBHOOK_OBJECT } from "./webhook-body.ts";
import type { SubscriptionStore } from "./webhook-subscription.ts";

export interface SubscriptionRoutesDeps {
  callers: Pick<CallerDirectory, "callerForToken">;
  subscriptions: SubscriptionStore;
  handshake: CallbackHandshake;
  /** Dev and tests only: accept http:// callbacks. Production requires https://, as Meta does. */
  allowHttpCallbacks: boolean;
  clock: () => number;
}

const registration = z.object({
  callback_url: z.url().max(2048),
  verify_token: z.string().min(1).max(256),
  app_secret: z.string().min(8).max(256),
});

// Meta's answer when the callback handshake fails.
const callbackVerificationFailed = (reason: string) =>
  new GraphError({
    httpStatus: 400,
    code: 2200,
    type: "OAuthException",
    message: `(#2200) Callback verification failed with the following errors: ${reason}`,
  });

export function registerSubscriptionRoutes(app: FastifyInstance, deps: SubscriptionRoutesDeps): void {
  app.post("/v1/webhook-subscriptions", async (request) => {
    const caller = await authenticate(request, deps.callers);
    const parsed = registration.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidParameterValue(`${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
    }
    const { callback_url: callbackUrl, verify_token: verifyToken, app_secret: appSecret } = parsed.data;
    const protocol = new URL(callbackUrl).protocol;
    if (protocol !== "https:" && !(protocol === "http:" && deps.allowHttpCallbacks)) {
      throw invalidParameterValue("callback_url: must be an https URL");
    }
    const outcome = await deps.handshake(callbackUrl, verifyToken);
    if (!outcome.ok) throw callbackVerificationFailed(outcome.reason);
    const now = deps.clock();
    await deps.subscriptions.put(caller, { callbackUrl, verifyToken, appSecret, createdAtMs: now, updatedAtMs: now });
    return { success: true };
  });

  app.get("/v1/webhook-subscriptions", async (request) => {
    const caller = await authenticate(request, deps.callers);
    const found = await deps.subscriptions.get(caller);
    return {
      data: found
        ? [{ object: WEBHOOK_OBJECT, callback_url: found.callbackUrl, fields: ["messages"], active: true }]
        : [],
    };
  });
}
