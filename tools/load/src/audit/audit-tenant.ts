// The audit's tenant, made through the admin and Graph APIs as an operator and a business would:
// cloud-hosted numbers at Meta's highest throughput (so a per-number limit never refuses the
// audit's traffic) and a webhook subscription pointing at the audit's receiver.
import { createTenantWithNumbers } from "../bench-tenant.ts";
import type { BenchTenant } from "../platform-requests.ts";

export async function createAuditTenant(options: {
  ingressUrl: string;
  adminToken: string;
  numbers: number;
  receiver: { callbackUrl: string; verifyToken: string; appSecret: string };
}): Promise<BenchTenant> {
  const tenant = await createTenantWithNumbers({
    ingressUrl: options.ingressUrl,
    adminToken: options.adminToken,
    name: "Fault audit",
    numbers: options.numbers,
    hostingMode: "cloud",
    displayPrefix: "+1 555 030",
  });
  const subscribed = await fetch(`${options.ingressUrl}/v1/webhook-subscriptions`, {
    method: "POST",
    headers: { authorization: `Bearer ${tenant.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      callback_url: options.receiver.callbackUrl,
      verify_token: options.receiver.verifyToken,
      app_secret: options.receiver.appSecret,
    }),
  });
  if (subscribed.status !== 200) {
    throw new Error(`webhook subscription failed: ${subscribed.status} ${await subscribed.text()}`);
  }
  return tenant;
}
