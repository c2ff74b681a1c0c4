// The audit's tenant, made through the admin and Graph APIs as an operator and a business would:
// cloud-hosted numbers at Meta's highest throughput (so a per-number limit never refuses the
// audit's traffic) and a webhook subscription pointing at the audit's receiver.
import type { BenchTenant } from "../platform-requests.ts";

export async function createAuditTenant(options: {
  ingressUrl: string;
  adminToken: string;
  numbers: number;
  receiver: { callbackUrl: string; verifyToken: string; appSecret: string };
}): Promise<BenchTenant> {
  const response = await fetch(`${options.ingressUrl}/admin/v1/tenants`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: "Fault audit",
      phone_numbers: Array.from({ length: options.numbers }, (_, i) => ({
        display_phone_number: `+1 555 030 ${String(1000 + i)}`,
        hosting_mode: "cloud",
        throughput_mps: 1_000,
      })),
    }),
  });
  if (response.status !== 201) throw new Error(`tenant creation failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as {
    tenant_id: string;
    business_id: string;
    access_token: string;
    phone_numbers: { id: string; display_phone_number: string }[];
  };
  const subscribed = await fetch(`${options.ingressUrl}/v1/webhook-subscriptions`, {
    method: "POST",
    headers: { authorization: `Bearer ${body.access_token}`, "content-type": "application/json" },
    body: JSON.stringify({
      callback_url: options.receiver.callbackUrl,
      verify_token: options.receiver.verifyToken,
      app_secret: options.receiver.appSecret,
    }),
  });
  if (subscribed.status !== 200) {
    throw new Error(`webhook subscription failed: ${subscribed.status} ${await subscribed.text()}`);
  }
  return {
    tenantId: body.tenant_id,
    businessId: body.business_id,
    accessToken: body.access_token,
    numbers: body.phone_numbers.map((n) => ({ id: n.id, displayPhoneNumber: n.display_phone_number })),
  };
}
