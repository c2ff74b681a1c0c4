// The audit's Meta: the Graph endpoint the platform's Cloud API channel sends to, keeping the
// ledger a real Meta would (which numbered message it accepted, how often), and reporting each
// accepted message's progress back as signed status webhooks (sent, delivered, read), retried
// until the platform takes them, as Meta retries. It lives in the audit's own process, so it
// survives every fault the audit inflicts on the platform. Faults it can play on request:
// - error: 500 with Graph code 2, nothing accepted (a retry by the platform is right);
// - slow: accepts, answers after `slowMs` (longer than the platform's timeout: its answer is lost);
// - lose-answer: accepts, then drops the connection without a word.
// A message accepted twice is a doubled send: the one thing the platform must never do.
// Like Meta, it keeps each send's `biz_opaque_callback_data` exactly as received, for its status
// webhooks to echo: that is how the platform attributes the statuses of a send whose answer was lost.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type MetaFault = "none" | "error" | "slow" | "lose-answer";

export interface AcceptedSend {
  marker: string;
  phoneNumberId: string;
  to: string;
  metaId: string;
  /** The send's `biz_opaque_callback_data` exactly as received (undefined when it had none): every status echoes it. */
  bizOpaqueCallbackData: string | undefined;
}

export interface FakeMeta {
  readonly baseUrl: string;
  setFault(fault: MetaFault): void;
  /** How often Meta accepted each numbered message (by the marker in its text). */
  readonly accepted: ReadonlyMap<string, number>;
  /** Requests answered with an error or not answered (by fault), for the report. */
  readonly refused: () => number;
  close(): Promise<void>;
}

const MARKER = /audit-out:[0-9]+/;

export async function startFakeMeta(options: {
  /** Called for every accepted send once it was answered (or its answer lost): the caller reports its statuses. */
  onAccepted: (send: AcceptedSend) => void;
  slowMs: number;
}): Promise<FakeMeta> {
  let fault: MetaFault = "none";
  let refused = 0;
  let sequence = 0;
  const accepted = new Map<string, number>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = /^\/v[0-9.]+\/([0-9]+)\/messages$/.exec(request.url ?? "");
    if (request.method !== "POST" || !path) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":100}}');
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      to?: string;
      type?: string;
      text?: { body?: string };
      status?: string;
      biz_opaque_callback_data?: unknown;
    };
    // A mark-read or typing indicator: taken, nothing to count.
    if (body.status === "read") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"success":true}');
      return;
    }
    const current = fault;
    if (current === "error") {
      refused += 1;
      response
        .writeHead(500, { "content-type": "application/json" })
        .end('{"error":{"message":"Service temporarily unavailable","type":"OAuthException","code":2}}');
      return;
    }
    const marker = MARKER.exec(body.text?.body ?? "")?.[0] ?? `unmarked:${sequence}`;
    const metaId = `wamid.META${(sequence++).toString(36).padStart(8, "0")}`;
    accepted.set(marker, (accepted.get(marker) ?? 0) + 1);
    // Meta reports progress once it has the message, whether or not its answer got through.
    const callback = body.biz_opaque_callback_data;
    const send: AcceptedSend = {
      marker,
      phoneNumberId: path[1] as string,
      to: body.to ?? "",
      metaId,
      bizOpaqueCallbackData: typeof callback === "string" ? callback : undefined,
    };
    if (current === "lose-answer") {
      refused += 1;
      request.socket.destroy();
      options.onAccepted(send);
      return;
    }
    if (current === "slow") {
      refused += 1;
      await new Promise((resolve) => setTimeout(resolve, options.slowMs));
    }
    response.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        messaging_product: "whatsapp",
        contacts: [{ input: body.to, wa_id: (body.to ?? "").replace(/^\+/, "") }],
        messages: [{ id: metaId }],
      }),
    );
    options.onAccepted(send);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    setFault(next) {
      fault = next;
    },
    accepted,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
