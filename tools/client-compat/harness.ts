// What every client check shares: the started platform it talks to, a customer who writes in (a
// signed Meta webhook to /webhooks/meta, so the 24-hour window is open and there is a message to
// read and react to), the business's webhook receiver that captures the signed deliveries a
// library then verifies, and the table of outcomes. It drives the platform only through its
// public HTTP surfaces, never a database, and never calls the internet.
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CompatTarget } from "./start-platform.ts";

export type { CompatTarget };

export function loadTarget(file = "/tmp/client-compat-target.json"): CompatTarget {
  return JSON.parse(readFileSync(file, "utf8")) as CompatTarget;
}

/** The text the customer writes: non-ASCII on purpose, so signature verifiers of both kinds are tried. */
export const INBOUND_TEXT = "Olá! Café ☕ 👋";

export interface Outcome {
  library: string;
  step: string;
  /** A known gap (README "does not work yet") is reported either way and never fails the run. */
  kind: "ok" | "fail" | "gap";
  detail: string;
}

export class Outcomes {
  readonly all: Outcome[] = [];

  async step(library: string, step: string, run: () => Promise<unknown>): Promise<void> {
    try {
      const result = await run();
      this.all.push({ library, step, kind: "ok", detail: result === undefined ? "done" : summarise(result) });
    } catch (error) {
      this.all.push({ library, step, kind: "fail", detail: summarise(error) });
    }
  }

  /** A step known not to work yet: its outcome is printed, and a pass says the README needs updating. */
  async gap(library: string, step: string, run: () => Promise<unknown>): Promise<void> {
    try {
      const result = await run();
      this.all.push({ library, step, kind: "gap", detail: `now works, update the README: ${summarise(result)}` });
    } catch (error) {
      this.all.push({ library, step, kind: "gap", detail: `still fails: ${summarise(error)}` });
    }
  }

  get failed(): boolean {
    return this.all.some((o) => o.kind === "fail");
  }

  print(): void {
    const label = { ok: "ok  ", fail: "FAIL", gap: "gap " } as const;
    for (const o of this.all) console.log(`${label[o.kind]} ${o.library.padEnd(28)} ${o.step.padEnd(24)} ${o.detail}`);
    const passed = this.all.filter((o) => o.kind === "ok").length;
    const failed = this.all.filter((o) => o.kind === "fail").length;
    console.log(`${passed} passed, ${failed} failed`);
  }
}

function summarise(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`.slice(0, 300);
  if (typeof value === "string") return value.slice(0, 300);
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 300);
  } catch {
    return String(value).slice(0, 300);
  }
}

/** Fails a step whose library resolved with a Graph error body instead of throwing. */
export function expectMessageId(response: unknown): string {
  const id = (response as { messages?: { id?: string }[] } | undefined)?.messages?.[0]?.id;
  if (typeof id !== "string" || !id.startsWith("wamid.")) throw new Error(`no message id in ${summarise(response)}`);
  return id;
}

export function expectSuccess(response: unknown): unknown {
  if ((response as { success?: boolean } | undefined)?.success !== true) {
    throw new Error(`no success in ${summarise(response)}`);
  }
  return response;
}

/** A fetch that sends what a library addresses to graph.facebook.com to the platform instead. */
export function redirectingFetch(ingressUrl: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const rewritten = url.replace(/^https:\/\/graph\.facebook\.com/, ingressUrl);
    return input instanceof Request ? fetch(new Request(rewritten, input), init) : fetch(rewritten, init);
  };
}

export interface Delivery {
  raw: Buffer;
  signature: string;
  body: { entry?: { changes?: { value?: { messages?: { id: string; text?: { body: string } }[] } }[] }[] };
}

/** The business's callback: answers Meta's handshake and keeps every signed POST it receives. */
export class WebhookReceiver {
  readonly verifyToken = randomBytes(8).toString("hex");
  readonly appSecret = randomBytes(16).toString("hex");
  readonly deliveries: Delivery[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (request.method === "GET") {
        const ok = url.searchParams.get("hub.verify_token") === this.verifyToken;
        response.writeHead(ok ? 200 : 403).end(ok ? (url.searchParams.get("hub.challenge") ?? "") : "");
        return;
      }
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const raw = Buffer.concat(chunks);
        const signature = String(request.headers["x-hub-signature-256"] ?? "");
        this.deliveries.push({ raw, signature, body: JSON.parse(raw.toString("utf8")) as Delivery["body"] });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
  }

  async waitForInbound(messageId: string, timeoutMs = 20_000): Promise<Delivery> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.deliveries.find((d) =>
        d.body.entry?.some((e) => e.changes?.some((c) => c.value?.messages?.some((m) => m.id === messageId))),
      );
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no webhook delivery for ${messageId} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Registers the receiver as the business's callback (the platform performs the handshake). */
export async function subscribe(target: CompatTarget, receiver: WebhookReceiver, callbackUrl: string): Promise<void> {
  const response = await fetch(`${target.ingressUrl}/v1/webhook-subscriptions`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      callback_url: callbackUrl,
      verify_token: receiver.verifyToken,
      app_secret: receiver.appSecret,
    }),
  });
  if (response.status !== 200) throw new Error(`subscribing failed: ${response.status} ${await response.text()}`);
}

/** A customer writes in, as Meta would deliver it; returns the inbound message id (a wamid). */
export async function customerWritesIn(target: CompatTarget, from: string, text = INBOUND_TEXT): Promise<string> {
  const messageId = `wamid.${randomBytes(18).toString("base64url")}`;
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: target.businessId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: target.displayPhoneNumber, phone_number_id: target.phoneNumberId },
              contacts: [{ profile: { name: "Compat Customer" }, wa_id: from }],
              messages: [
                {
                  from,
                  id: messageId,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac("sha256", target.upstreamAppSecret).update(body).digest("hex")}`;
  const response = await fetch(`${target.ingressUrl}/webhooks/meta`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signature },
    body,
  });
  if (response.status !== 200) throw new Error(`inbound webhook refused: ${response.status} ${await response.text()}`);
  return messageId;
}

/** A fresh customer number per library, so one library's sends never count against another's pair limit. */
export function customerNumber(index: number): string {
  return `1650555${String(1000 + index * 37 + Math.floor(Math.random() * 30)).padStart(4, "0")}`;
}
