// The business's webhook endpoint in the audit: answers Meta-style verification, checks nothing
// else, and counts what arrives — each inbound message id, and each (message id, status) — so the
// audit can tell delivered-at-least-once from lost, and count the duplicates. It can be told to
// fail (500) for a while, as a receiver that is down.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface BusinessReceiver {
  readonly callbackUrl: string;
  setFailing(failing: boolean): void;
  /** Deliveries per inbound message id. */
  readonly messages: ReadonlyMap<string, number>;
  /** Deliveries per `<message id> <status>`. */
  readonly statuses: ReadonlyMap<string, number>;
  /** POSTs answered 500 while failing. */
  readonly refused: () => number;
  close(): Promise<void>;
}

interface WebhookBody {
  entry?: { changes?: { value?: { messages?: { id?: string }[]; statuses?: { id?: string; status?: string }[] } }[] }[];
}

export async function startBusinessReceiver(verifyToken: string): Promise<BusinessReceiver> {
  let failing = false;
  let refused = 0;
  const messages = new Map<string, number>();
  const statuses = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://receiver");
    if (request.method === "GET") {
      const ok = url.searchParams.get("hub.verify_token") === verifyToken;
      response.writeHead(ok ? 200 : 403).end(ok ? (url.searchParams.get("hub.challenge") ?? "") : "");
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (failing) {
        refused++;
        response.writeHead(500).end();
        return;
      }
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as WebhookBody;
        for (const entry of body.entry ?? []) {
          for (const change of entry.changes ?? []) {
            for (const m of change.value?.messages ?? []) if (m.id) bump(messages, m.id);
            for (const s of change.value?.statuses ?? []) if (s.id && s.status) bump(statuses, `${s.id} ${s.status}`);
          }
        }
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    callbackUrl: `http://127.0.0.1:${port}/hook`,
    setFailing(next) {
      failing = next;
    },
    messages,
    statuses,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
