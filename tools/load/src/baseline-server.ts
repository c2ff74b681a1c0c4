// The reference point of every HTTP benchmark: a plain fastify POST handler that does no work and
// answers a Cloud API style body. Whatever ingress measures is read against this, in the same run.
import Fastify from "fastify";

export async function startBaselineServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 });
  app.post("/v23.0/:phoneNumberId/messages", async () => ({
    messaging_product: "whatsapp",
    contacts: [{ input: "+16505551234", wa_id: "16505551234" }],
    messages: [{ id: "wamid.baseline" }],
  }));
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url, close: () => app.close() };
}
