// Decides whether an accepted outbound send is a marketing template, and the failure an opted-out
// customer's marketing template ends with (Meta's 131050). A send body names its template but not
// the template's category (Meta knows it from its own template registry), so each tenant declares
// the names of its marketing templates (SetMarketingTemplates); any other template and every
// free-form message counts as non-marketing. This must never block a non-marketing message.
export const MARKETING_OPT_OUT_ERROR_CODE = 131050;

/** The template name of a `template` send's body JSON; undefined for anything else. */
export function templateNameOf(type: string, bodyJson: string): string | undefined {
  if (type !== "template") return undefined;
  try {
    const parsed: unknown = JSON.parse(bodyJson);
    const name = (parsed as { template?: { name?: unknown } } | null)?.template?.name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

export function isMarketingSend(type: string, bodyJson: string, marketingTemplates: readonly string[]): boolean {
  const name = templateNameOf(type, bodyJson);
  return name !== undefined && marketingTemplates.includes(name);
}

export function marketingOptOutErrorsJson(): string {
  const message =
    "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.";
  return JSON.stringify([
    {
      code: MARKETING_OPT_OUT_ERROR_CODE,
      title: message,
      message,
      error_data: { details: message },
    },
  ]);
}
