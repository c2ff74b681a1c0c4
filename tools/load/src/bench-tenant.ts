// Creates the benchmark's tenant through the admin API, as an operator would: several numbers,
// each upgraded to Meta's highest throughput (1,000 msg/s), so per-number limits never cap the
// load and what is measured is the platform, and the approved template its first sends use
// (`order_update`, see platform-requests.ts). It must never write to a database directly.
import { createApprovedTemplate } from "@switchboard/cli/platform";
import type { BenchTenant } from "./platform-requests.ts";

/** A tenant with `numbers` numbers at Meta's highest throughput, through the admin API. */
export async function createTenantWithNumbers(options: {
  ingressUrl: string;
  adminToken: string;
  name: string;
  numbers: number;
  hostingMode: string;
  /** The display numbers' prefix, e.g. "+1 555 020" (each gets its own four digits). */
  displayPrefix: string;
}): Promise<BenchTenant> {
  const response = await fetch(`${options.ingressUrl}/admin/v1/tenants`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: options.name,
      phone_numbers: Array.from({ length: options.numbers }, (_, i) => ({
        display_phone_number: `${options.displayPrefix} ${String(1000 + i)}`,
        hosting_mode: options.hostingMode,
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
  return {
    tenantId: body.tenant_id,
    businessId: body.business_id,
    accessToken: body.access_token,
    numbers: body.phone_numbers.map((n) => ({ id: n.id, displayPhoneNumber: n.display_phone_number })),
  };
}

export async function createBenchTenant(ingressUrl: string, adminToken: string, numbers: number): Promise<BenchTenant> {
  const tenant = await createTenantWithNumbers({
    ingressUrl,
    adminToken,
    name: "Platform benchmark",
    numbers,
    hostingMode: "cloud",
    displayPrefix: "+1 555 020",
  });
  await createApprovedTemplate({
    ingressUrl,
    accessToken: tenant.accessToken,
    businessId: tenant.businessId,
    template: {
      name: "order_update",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Your order {{1}} has shipped.", example: { body_text: [["#100001"]] } }],
    },
  });
  return tenant;
}
