// Runs the npm Cloud API client libraries, unchanged, against a started platform: each one sends
// text, the approved hello_world template, an image by link, reply buttons, a reaction and a
// mark-as-read, and verifies a signed inbound webhook where the library has a verifier. The
// libraries are installed outside the repo (see README "Works with your client"), so the repo's
// lockfile never carries them; CLIENT_COMPAT_DIR names the folder holding their node_modules.
// Prints one line per step and "N passed, N failed"; exits 1 when a step failed.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type CompatTarget,
  customerNumber,
  customerWritesIn,
  type Delivery,
  expectMessageId,
  expectSuccess,
  INBOUND_TEXT,
  loadTarget,
  Outcomes,
  redirectingFetch,
  subscribe,
  WebhookReceiver,
} from "./harness.ts";

// Library shapes as far as this script uses them; the libraries ship no types we could import
// without adding them to the repo's dependencies.
// biome-ignore lint/suspicious/noExplicitAny: untyped third-party modules loaded at run time
type Untyped = any;

const clientsDir = process.env.CLIENT_COMPAT_DIR ?? "/tmp/client-compat";
const requireClient = createRequire(join(clientsDir, "package.json"));
const importClient = async (name: string): Promise<Untyped> => import(pathToFileURL(resolveClient(name)).href);

/** require.resolve, or for an import-only package (no "require" export) its "import" entry. */
function resolveClient(name: string): string {
  try {
    return requireClient.resolve(name);
  } catch {
    const dir = join(clientsDir, "node_modules", name);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      exports?: { ".": { import: { default: string } } };
    };
    const entry = manifest.exports?.["."].import.default;
    if (!entry) throw new Error(`cannot resolve ${name} in ${clientsDir}`);
    return join(dir, entry);
  }
}

const IMAGE_LINK = "https://example.com/media/coffee.png";
const TEMPLATE = { name: "hello_world", language: "en_US" };

interface Context {
  target: CompatTarget;
  receiver: WebhookReceiver;
  outcomes: Outcomes;
  index: number;
}

/** A customer writes in (opening the 24-hour window); returns their number, the message and its delivery. */
async function conversation(ctx: Context): Promise<{ to: string; inboundId: string; delivery: Delivery }> {
  const to = customerNumber(ctx.index);
  const inboundId = await customerWritesIn(ctx.target, to);
  return { to, inboundId, delivery: await ctx.receiver.waitForInbound(inboundId) };
}

// 1×1 transparent PNG, for the upload steps.
const ONE_PIXEL_PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

/** The delivery's envelope around only the change that carries `messageId`. */
function singleChangeBody(delivery: Delivery, messageId: string): Delivery["body"] {
  const entry = delivery.body.entry?.[0];
  const change = entry?.changes?.find((c) => c.value?.messages?.some((m) => m.id === messageId));
  return { ...delivery.body, entry: [{ ...entry, changes: change ? [change] : [] }] };
}

/** ky and axios throw on non-2xx; keep the Graph error body they carry. */
function graphError(error: unknown): Error {
  // ky 2 keeps the parsed body on `data`; axios on `response.data`.
  const e = error as { data?: unknown; response?: { data?: unknown } };
  const body = e.data ?? e.response?.data;
  if (body !== undefined) return new Error(JSON.stringify(body));
  if (error instanceof Error) return error;
  return new Error(JSON.stringify(error));
}
const rethrowing =
  <T>(run: () => Promise<T>) =>
  async (): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw graphError(error);
    }
  };

async function whatsappApiJs(ctx: Context): Promise<void> {
  const lib = "whatsapp-api-js@6.3.0";
  const { WhatsAppAPI } = await importClient("whatsapp-api-js");
  const m = await importClient("whatsapp-api-js/messages");
  // No base-URL option: graph.facebook.com is written into every call, but `ponyfill.fetch` is used for all of them.
  const api = new WhatsAppAPI({
    token: ctx.target.accessToken,
    appSecret: ctx.receiver.appSecret,
    v: "v23.0",
    ponyfill: { fetch: redirectingFetch(ctx.target.ingressUrl) },
  });
  const { to, inboundId, delivery } = await conversation(ctx);
  const id = ctx.target.phoneNumberId;
  const step = (name: string, run: () => Promise<unknown>) => ctx.outcomes.step(lib, name, run);
  await step("text", async () =>
    expectMessageId(await api.sendMessage(id, to, new m.Text("hello from whatsapp-api-js"))),
  );
  await step("template", async () =>
    expectMessageId(await api.sendMessage(id, to, new m.Template(TEMPLATE.name, new m.Language(TEMPLATE.language)))),
  );
  await step("image by link", async () =>
    expectMessageId(await api.sendMessage(id, to, new m.Image(IMAGE_LINK, false, "a caption"))),
  );
  await step("reply buttons", async () =>
    expectMessageId(
      await api.sendMessage(
        id,
        to,
        new m.Interactive(
          new m.ActionButtons(new m.Button("yes", "Yes"), new m.Button("no", "No")),
          new m.Body("Coffee?"),
        ),
      ),
    ),
  );
  await step("reaction", async () => expectMessageId(await api.sendMessage(id, to, new m.Reaction(inboundId, "👍"))));
  await step("list", async () =>
    expectMessageId(
      await api.sendMessage(
        id,
        to,
        new m.Interactive(
          new m.ActionList("Menu", new m.ListSection("Coffee", new m.Row("espresso", "Espresso", "250 g beans"))),
          new m.Body("What would you like?"),
        ),
      ),
    ),
  );
  await step("location", async () =>
    expectMessageId(await api.sendMessage(id, to, new m.Location(-122.4194, 37.7749, "Roastery", "1 Market St"))),
  );
  // The library sends `contacts` as a JSON-encoded string (its Contacts.toJSON returns a string),
  // which Graph decodes for an array parameter, and so does the platform.
  await step("contacts", async () =>
    expectMessageId(
      await api.sendMessage(
        id,
        to,
        new m.Contacts([new m.Name("Ana Lima", "Ana"), new m.Phone("+16505550123", "CELL")]),
      ),
    ),
  );
  await step("upload media", async () => {
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("file", new Blob([ONE_PIXEL_PNG], { type: "image/png" }), "dot.png");
    const uploaded = (await api.uploadMedia(id, form)) as { id?: string };
    if (!uploaded.id) throw new Error(`no media id in ${JSON.stringify(uploaded)}`);
    const meta = (await api.retrieveMedia(uploaded.id)) as { url?: string; mime_type?: string };
    if (meta.mime_type !== "image/png") throw new Error(`retrieveMedia gave ${JSON.stringify(meta)}`);
    return expectMessageId(await api.sendMessage(id, to, new m.Image(uploaded.id, true, "uploaded")));
  });
  await step("25 sends to one customer", async () => {
    // A library's own test run sends about this many to one number; Meta's pair limit bursts to 45.
    const sent = await Promise.all(
      Array.from({ length: 25 }, (_, i) => api.sendMessage(id, to, new m.Text(`burst ${i}`)).then(expectMessageId)),
    );
    return `${sent.length} accepted`;
  });
  await step("mark as read", async () => expectSuccess(await api.markAsRead(id, inboundId)));
  await step("mark read + typing", async () => expectSuccess(await api.markAsRead(id, inboundId, "text")));
  await step("parse webhook", async () => {
    // Its webhook handler: verifies, then hands the parsed message to `on.message`. A POST that
    // holds only this message, as Meta sends it.
    let received: { message?: { id?: string; text?: { body?: string } } } | undefined;
    api.on.message = (args: typeof received) => {
      received = args;
    };
    const single = singleChangeBody(delivery, inboundId);
    // Signed as Meta would: over the compact JSON with non-ASCII escaped.
    const raw = JSON.stringify(single).replace(
      /[^\0-~]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    const signature = `sha256=${createHmac("sha256", ctx.receiver.appSecret).update(raw).digest("hex")}`;
    await api.post(single, raw, signature);
    if (received?.message?.id !== inboundId || received.message.text?.body !== INBOUND_TEXT) {
      throw new Error(`on.message got ${JSON.stringify(received?.message)}`);
    }
    return `on.message: ${received.message.text.body}`;
  });
  await step("verify webhook", async () => {
    // The library verifies over the body re-escaped Meta's way (non-ASCII as \uXXXX).
    if (!(await api.verifyRequestSignature(delivery.raw.toString("utf8"), delivery.signature))) {
      throw new Error("verifyRequestSignature returned false");
    }
    return "signature valid";
  });
}

async function greatDetailWhatsapp(ctx: Context): Promise<void> {
  const lib = "@great-detail/whatsapp@9.2.0";
  const { Client } = await importClient("@great-detail/whatsapp");
  const auth = { headers: { Authorization: `Bearer ${ctx.target.accessToken}` } };
  // ky 2 resolves paths against `baseUrl` like a browser: without a trailing slash the version
  // segment is dropped and calls go to `/{phone_number_id}/messages`. Graph takes unversioned
  // paths, the platform does not yet; a trailing slash on the version keeps it.
  const client = new Client({ baseUrl: ctx.target.ingressUrl, graphVersion: "v23.0/", request: auth });
  const { to, inboundId, delivery } = await conversation(ctx);
  await ctx.outcomes.gap(
    lib,
    "unversioned path",
    rethrowing(async () => {
      const plain = new Client({ baseUrl: ctx.target.ingressUrl, graphVersion: "v23.0", request: auth });
      const message = { phoneNumberID: ctx.target.phoneNumberId, to, type: "text", text: { body: "plain settings" } };
      return expectMessageId(await plain.message.createMessage(message).json());
    }),
  );
  const phoneNumberID = ctx.target.phoneNumberId;
  const send = async (message: Record<string, unknown>) =>
    expectMessageId(await client.message.createMessage({ phoneNumberID, to, ...message }).json());
  const step = (name: string, run: () => Promise<unknown>) => ctx.outcomes.step(lib, name, rethrowing(run));
  await step("text", () => send({ type: "text", text: { body: "hello from @great-detail/whatsapp" } }));
  await step("template", () =>
    send({ type: "template", template: { name: TEMPLATE.name, language: { code: TEMPLATE.language } } }),
  );
  await step("image by link", () => send({ type: "image", image: { link: IMAGE_LINK, caption: "a caption" } }));
  await step("reply buttons", () =>
    send({
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Coffee?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "yes", title: "Yes" } },
            { type: "reply", reply: { id: "no", title: "No" } },
          ],
        },
      },
    }),
  );
  await step("reaction", () => send({ type: "reaction", reaction: { message_id: inboundId, emoji: "👍" } }));
  await step("list templates", async () => {
    const listed = (await client.template
      .list(ctx.target.businessId, { fields: ["name", "status"], limit: 10 })
      .json()) as { data?: { name: string; status: string }[] };
    const found = listed.data?.find((t) => t.name === TEMPLATE.name);
    if (found?.status !== "APPROVED") throw new Error(`hello_world not listed as APPROVED: ${JSON.stringify(listed)}`);
    return `${TEMPLATE.name} ${found.status}`;
  });
  await step("mark as read", async () =>
    expectSuccess(await client.message.createStatus({ phoneNumberID, status: "read", message_id: inboundId }).json()),
  );
  await step("verify webhook", async () => {
    // The library verifies over the raw body as received.
    const notification = await client.webhook.eventNotification({
      method: "POST",
      headers: { "x-hub-signature-256": delivery.signature },
      body: delivery.raw.toString("utf8"),
    });
    await notification.verifySignature(ctx.receiver.appSecret);
    return "signature valid";
  });
}

async function whatsappBusiness(ctx: Context): Promise<void> {
  const lib = "whatsapp-business@1.7.2";
  const { WABAClient } = await importClient("whatsapp-business");
  const client = new WABAClient({
    apiToken: ctx.target.accessToken,
    phoneId: ctx.target.phoneNumberId,
    accountId: ctx.target.businessId,
  });
  // No base-URL option: the axios instance it builds is exposed, so its baseURL is replaced.
  client.restClient.fetch.defaults.baseURL = `${ctx.target.ingressUrl}/v17.0`;
  const { to, inboundId } = await conversation(ctx);
  const step = (name: string, run: () => Promise<unknown>) => ctx.outcomes.step(lib, name, rethrowing(run));
  const send = async (message: Record<string, unknown>) =>
    expectMessageId(await client.sendMessage({ to, ...message }));
  await step("text", () => send({ type: "text", text: { body: "hello from whatsapp-business" } }));
  await step("template", () =>
    send({ type: "template", template: { name: TEMPLATE.name, language: { code: TEMPLATE.language } } }),
  );
  await step("image by link", () => send({ type: "image", image: { link: IMAGE_LINK, caption: "a caption" } }));
  await step("reply buttons", () =>
    send({
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Coffee?" },
        action: { buttons: [{ type: "reply", reply: { id: "yes", title: "Yes" } }] },
      },
    }),
  );
  await step("reaction", () => send({ type: "reaction", reaction: { message_id: inboundId, emoji: "👍" } }));
  await step("mark as read", async () => expectSuccess(await client.markMessageAsRead(inboundId)));
}

async function whatsappCloudApi(ctx: Context): Promise<void> {
  const lib = "whatsapp-cloud-api@0.3.1";
  const { createBot } = await importClient("whatsapp-cloud-api");
  // No base-URL option: it posts with the default axios export, so an interceptor on that export
  // (the copy the library itself resolves) rewrites the host.
  const axios = createRequire(requireClient.resolve("whatsapp-cloud-api"))("axios") as Untyped;
  axios.interceptors.request.use((config: { url?: string }) => ({
    ...config,
    url: config.url?.replace(/^https:\/\/graph\.facebook\.com/, ctx.target.ingressUrl),
  }));
  const bot = createBot(ctx.target.phoneNumberId, ctx.target.accessToken, { version: "v23.0" });
  const { to } = await conversation(ctx);
  const step = (name: string, run: () => Promise<unknown>) => ctx.outcomes.step(lib, name, rethrowing(run));
  const sent = (result: { messageId?: string }) => {
    if (!result.messageId?.startsWith("wamid.")) throw new Error(`no message id in ${JSON.stringify(result)}`);
    return result;
  };
  await step("text", async () => sent(await bot.sendText(to, "hello from whatsapp-cloud-api")));
  await step("template", async () => sent(await bot.sendTemplate(to, TEMPLATE.name, TEMPLATE.language)));
  await step("image by link", async () => sent(await bot.sendImage(to, IMAGE_LINK, { caption: "a caption" })));
  await step("reply buttons", async () => sent(await bot.sendReplyButtons(to, "Coffee?", { yes: "Yes", no: "No" })));
  await step("list", async () =>
    sent(await bot.sendList(to, "Menu", "What would you like?", { Coffee: [{ id: "espresso", title: "Espresso" }] })),
  );
  await step("location", async () =>
    sent(await bot.sendLocation(to, 37.7749, -122.4194, { name: "Roastery", address: "1 Market St" })),
  );
  await step("contacts", async () =>
    sent(
      await bot.sendContacts(to, [
        { name: { formatted_name: "Ana Lima", first_name: "Ana" }, phones: [{ phone: "+16505550123" }] },
      ]),
    ),
  );
}

/**
 * The platform batches up to WEBHOOK_BATCH_SIZE changes into one POST; whatsapp-api-js (like pywa,
 * heyoo and whatsapp-cloud-api) reads only entry[0].changes[0] of each POST and drops the rest.
 * Run after every library sent, so statuses queue up and arrive batched.
 */
async function everyBatchedChange(target: CompatTarget, receiver: WebhookReceiver): Promise<string> {
  const { WhatsAppAPI } = await importClient("whatsapp-api-js");
  const api = new WhatsAppAPI({ token: target.accessToken, appSecret: receiver.appSecret, v: "v23.0" });
  const changesIn = (d: Delivery) => d.body.entry?.reduce((n, e) => n + (e.changes?.length ?? 0), 0) ?? 0;
  const deadline = Date.now() + 15_000;
  while (!receiver.deliveries.some((d) => changesIn(d) > 1) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  let seen = 0;
  api.on.message = () => {
    seen += 1;
  };
  api.on.status = () => {
    seen += 1;
  };
  let total = 0;
  const deliveries = [...receiver.deliveries];
  for (const d of deliveries) {
    total += changesIn(d);
    await api.post(d.body, d.raw.toString("utf8"), d.signature);
  }
  if (seen < total)
    throw new Error(`on.message/on.status saw ${seen} of ${total} changes in ${deliveries.length} POSTs`);
  return `${seen} of ${total} changes in ${deliveries.length} POSTs`;
}

const libraries: Record<string, (ctx: Context) => Promise<void>> = {
  "whatsapp-api-js": whatsappApiJs,
  "@great-detail/whatsapp": greatDetailWhatsapp,
  "whatsapp-business": whatsappBusiness,
  "whatsapp-cloud-api": whatsappCloudApi,
};

const target = loadTarget(process.argv[2]);
const receiver = new WebhookReceiver();
const outcomes = new Outcomes();
try {
  await subscribe(target, receiver, await receiver.start());
  const only = process.env.CLIENT_COMPAT_ONLY?.split(",");
  let index = 0;
  for (const [name, run] of Object.entries(libraries)) {
    index += 1;
    if (only && !only.includes(name)) continue;
    await outcomes.step(name, "(library run)", () => run({ target, receiver, outcomes, index }));
  }
  if (!only || only.includes("whatsapp-api-js")) {
    await outcomes.gap("whatsapp-api-js@6.3.0", "every batched change", () => everyBatchedChange(target, receiver));
  }
} finally {
  await receiver.close();
}
outcomes.print();
process.exitCode = outcomes.failed ? 1 : 0;
