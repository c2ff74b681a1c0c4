// What a simulated customer answers, in the shape of an inbound message of Meta's webhook: a tap
// on the first reply button of an interactive button message, the location or call permission a
// request message asks for (simulated-request-answer.ts), otherwise a short text; all quote the
// business's message as `context` like a real reply does.
import type { UpstreamMessage } from "../upstream-channel.ts";
import { requestAnswer } from "./simulated-request-answer.ts";

function firstButton(bodyJson: string): { id: string; title: string } | undefined {
  try {
    const body = JSON.parse(bodyJson) as {
      interactive?: { type?: string; action?: { buttons?: { reply?: { id?: unknown; title?: unknown } }[] } };
    };
    const reply = body.interactive?.type === "button" ? body.interactive.action?.buttons?.[0]?.reply : undefined;
    return typeof reply?.id === "string" && typeof reply.title === "string"
      ? { id: reply.id, title: reply.title }
      : undefined;
  } catch {
    return undefined;
  }
}

export function simulatedReply(message: UpstreamMessage, replyId: string, atMs: number): Record<string, unknown> {
  const base = {
    context: { from: message.thread.phoneNumberId, id: message.messageId },
    from: message.thread.customerWaId || message.thread.customerId,
    id: replyId,
    timestamp: String(Math.floor(atMs / 1000)),
  };
  const button = firstButton(message.bodyJson);
  if (button) return { ...base, type: "interactive", interactive: { type: "button_reply", button_reply: button } };
  const answer = requestAnswer(message.bodyJson, atMs);
  if (answer) return { ...base, ...answer };
  return { ...base, type: "text", text: { body: "Thanks, got it! (simulated customer)" } };
}
