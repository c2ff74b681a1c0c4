// Recognises a customer's marketing opt-out keyword in an inbound message: a text whose body is
// exactly STOP or STOP PROMOTIONS (trimmed, any case, inner spaces collapsed). Anything longer —
// "please stop calling", "stop?" — is an ordinary message and must never opt anybody out.
const KEYWORDS = new Set(["STOP", "STOP PROMOTIONS"]);

/** The text body of an inbound message's JSON, or undefined when it is not a text message. */
function textBodyOf(type: string, messageJson: string): string | undefined {
  if (type !== "text") return undefined;
  try {
    const parsed: unknown = JSON.parse(messageJson);
    const body = (parsed as { text?: { body?: unknown } } | null)?.text?.body;
    return typeof body === "string" ? body : undefined;
  } catch {
    return undefined;
  }
}

export function isStopKeyword(type: string, messageJson: string): boolean {
  const body = textBodyOf(type, messageJson);
  if (body === undefined || body.length > 64) return false;
  return KEYWORDS.has(body.trim().replace(/\s+/g, " ").toUpperCase());
}
