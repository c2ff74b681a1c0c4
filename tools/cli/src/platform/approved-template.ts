// Creates a message template through the platform's public Graph API, as a business would
// (`POST /{version}/{waba_id}/message_templates` with its access token), and waits until the
// upstream's review approved it — the simulator approves after TEMPLATE_REVIEW_DELAY_MS. Used to
// seed the demo tenant's hello_world and the benchmark's template; never writes a database.
export interface TemplateToSeed {
  name: string;
  language: string;
  category: "AUTHENTICATION" | "MARKETING" | "UTILITY";
  components: Record<string, unknown>[];
}

export async function createApprovedTemplate(options: {
  ingressUrl: string;
  accessToken: string;
  businessId: string;
  template: TemplateToSeed;
  timeoutMs?: number;
}): Promise<string> {
  const url = `${options.ingressUrl}/v23.0/${options.businessId}/message_templates`;
  const headers = { authorization: `Bearer ${options.accessToken}`, "content-type": "application/json" };
  const created = await fetch(url, { method: "POST", headers, body: JSON.stringify(options.template) });
  if (created.status !== 200) {
    throw new Error(`creating template ${options.template.name} failed: ${created.status} ${await created.text()}`);
  }
  const { id } = (await created.json()) as { id: string };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const listed = await fetch(`${url}?hsm_id=${id}&fields=status,rejected_reason`, { headers });
    const [found] = ((await listed.json()) as { data?: { status: string; rejected_reason?: string }[] }).data ?? [];
    if (found?.status === "APPROVED") return id;
    if (found && found.status !== "PENDING") {
      throw new Error(`template ${options.template.name} was ${found.status} (${found.rejected_reason ?? ""})`);
    }
    if (Date.now() > deadline) throw new Error(`template ${options.template.name} was not reviewed in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
