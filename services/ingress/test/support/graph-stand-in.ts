// A local HTTP server that behaves like Meta's Graph API for the Cloud API channel's calls, so the
// relay is tested without the internet: `POST /{version}/{phone_number_id}/messages` for numbers
// registered with it, each with the token and API version its business was given. It checks the
// path, the bearer token and the body as Meta does and answers in Meta's shapes — a wamid for a
// send, `{"success":true}` for a mark-read, Graph errors otherwise — and a test can make the next
// call to a number fail (with Retry-After, for throttling). Media a customer sent is served like
// Graph serves it — `GET /{version}/{media_id}` answers metadata and a URL, downloaded with the same
// token — until the test lets it expire. Message templates of the business accounts registered
// with it are managed as Graph manages them — `POST/GET/DELETE /{version}/{waba_id}/message_templates`
// (created PENDING with Meta's id, a second (name, language) refused with 2388024, cursor paging)
// and `POST /{version}/{template_id}` (an edit) — and a test can place templates at "Meta" as if
// created in WhatsApp Manager. A test can make the next send to a number lose its answer: taken
// (Meta has the message) and the connection dropped before a word. Every request is recorded.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface GraphNumber {
  phoneNumberId: string;
  accessToken: string;
  apiVersion: string;
}

/** A business account (WABA) whose templates the stand-in manages, with its business's token. */
export interface GraphAccount {
  wabaId: string;
  accessToken: string;
  apiVersion: string;
}

export type GraphTemplate = Record<string, unknown> & { id: string; name: string; language: string; status: string };

export interface GraphRequest {
  method: string;
  path: string;
  /** The query string's parameters. */
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
}

export interface ScriptedFailure {
  status: number;
  code: number;
  message: string;
  retryAfter?: string;
}

export interface GraphStandIn {
  baseUrl: string;
  requests: GraphRequest[];
  /** The next call to this number answers with this error instead. */
  failNext(phoneNumberId: string, failure: ScriptedFailure): void;
  /** The next send to this number is taken and its answer lost: the connection is dropped instead. */
  loseAnswerNext(phoneNumberId: string): void;
  /** A file a customer sent to this number, as Meta holds it until `expireMedia`. */
  addMedia(phoneNumberId: string, mediaId: string, mimeType: string, bytes: Buffer): void;
  expireMedia(mediaId: string): void;
  /** A template as if created at Meta directly (id and status given); returns it. */
  addTemplate(wabaId: string, template: Omit<GraphTemplate, "id"> & { id?: string }): GraphTemplate;
  /** The templates "Meta" holds for the account, in creation order. */
  templates(wabaId: string): GraphTemplate[];
  close(): Promise<void>;
}

const graphError = (code: number, message: string, details = "") => ({
  error: {
    message,
    type: "OAuthException",
    code,
    error_data: { messaging_product: "whatsapp", details },
    fbtrace_id: "Agraph",
  },
});

/** The body as JSON, or a multipart upload's fields with its file's name, type and bytes. */
async function bodyOf(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = request.headers["content-type"] ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Request("http://graph.local/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: raw,
    }).formData();
    const file = form.get("file");
    return {
      messaging_product: form.get("messaging_product"),
      type: form.get("type"),
      file: file instanceof Blob ? { type: file.type, bytes: Buffer.from(await file.arrayBuffer()) } : undefined,
    };
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** `POST /{version}/{phone_number_id}/media`: Meta's `{id}` for a file with its type named. */
function answerUpload(number: GraphNumber, body: unknown, sequence: number): Answer {
  const {
    messaging_product: product,
    type,
    file,
  } = (body ?? {}) as { messaging_product?: unknown; type?: unknown; file?: unknown };
  if (product !== "whatsapp" || typeof type !== "string" || file === undefined) {
    return { status: 400, body: graphError(100, "(#100) Param file must be a file with one of the types …") };
  }
  return { status: 200, body: { id: `88${number.phoneNumberId.slice(-4)}${String(sequence).padStart(9, "0")}` } };
}

function answerMessages(number: GraphNumber, body: unknown, sequence: number): Answer {
  const fields = (body ?? {}) as Record<string, unknown>;
  if (fields.messaging_product !== "whatsapp") {
    return { status: 400, body: graphError(100, "(#100) The parameter messaging_product is required.") };
  }
  if (fields.status === "read") {
    if (typeof fields.message_id !== "string")
      return { status: 400, body: graphError(100, "(#100) Invalid parameter") };
    return { status: 200, body: { success: true } };
  }
  if (typeof fields.to !== "string" || typeof fields.type !== "string") {
    return { status: 400, body: graphError(100, "(#100) Invalid parameter") };
  }
  const id = `wamid.META${number.phoneNumberId.slice(-4)}${String(sequence).padStart(6, "0")}`;
  return {
    status: 200,
    body: { messaging_product: "whatsapp", contacts: [{ input: fields.to, wa_id: fields.to }], messages: [{ id }] },
  };
}

/** Graph's template management for registered accounts; undefined for any other path. */
function templateManager(accounts: readonly GraphAccount[], nextId: () => string) {
  const held = new Map<string, GraphTemplate[]>(accounts.map((a) => [a.wabaId, []]));
  const refused = (status: number, code: number, message: string, subcode?: number) => {
    const body = graphError(code, message);
    if (subcode !== undefined) Object.assign(body.error, { error_subcode: subcode });
    return { status, body };
  };
  const authorised = (account: GraphAccount, request: IncomingMessage, version: string): Answer | undefined => {
    if (request.headers.authorization !== `Bearer ${account.accessToken}`) {
      return refused(401, 190, "Invalid OAuth access token - Cannot parse access token");
    }
    return version === account.apiVersion ? undefined : refused(400, 2635, `Graph API ${version} is not this app's`);
  };

  const onAccount = (account: GraphAccount, method: string, query: Record<string, string>, body: unknown): Answer => {
    const templates = held.get(account.wabaId) ?? [];
    if (method === "POST") {
      const fields = (body ?? {}) as Record<string, unknown>;
      const { name, language, category, components } = fields;
      if (typeof name !== "string" || typeof language !== "string" || typeof category !== "string") {
        return refused(400, 100, "(#100) Invalid parameter");
      }
      if (!Array.isArray(components)) return refused(400, 100, "(#100) Param components must be an array");
      if (templates.some((t) => t.name === name && t.language === language)) {
        return refused(400, 100, "(#100) Invalid parameter", 2388024);
      }
      const template: GraphTemplate = {
        id: nextId(),
        name,
        language,
        category,
        components,
        status: "PENDING",
        parameter_format: typeof fields.parameter_format === "string" ? fields.parameter_format : "POSITIONAL",
      };
      templates.push(template);
      return { status: 200, body: { id: template.id, status: template.status, category } };
    }
    if (method === "DELETE") {
      const gone = templates.filter((t) => t.name === query.name && (!query.hsm_id || t.id === query.hsm_id));
      if (gone.length === 0) return refused(400, 100, "(#100) Invalid parameter");
      held.set(
        account.wabaId,
        templates.filter((t) => !gone.includes(t)),
      );
      return { status: 200, body: { success: true } };
    }
    const limit = Number(query.limit ?? "25");
    const start = query.after ? Number(Buffer.from(query.after, "base64url").toString()) + 1 : 0;
    const page = templates.slice(start, start + limit);
    const cursor = (index: number) => Buffer.from(String(index)).toString("base64url");
    const last = start + page.length - 1;
    return {
      status: 200,
      body: {
        data: page,
        paging: {
          cursors: page.length > 0 ? { before: cursor(start), after: cursor(last) } : {},
          ...(last + 1 < templates.length ? { next: `https://graph.example.invalid/next?after=${cursor(last)}` } : {}),
        },
      },
    };
  };

  const onTemplate = (template: GraphTemplate, body: unknown): Answer => {
    const { category, components } = (body ?? {}) as Record<string, unknown>;
    if (category === undefined && components === undefined) return refused(400, 100, "(#100) Invalid parameter");
    Object.assign(template, {
      ...(typeof category === "string" ? { category } : {}),
      ...(Array.isArray(components) ? { components } : {}),
      status: "PENDING",
    });
    return { status: 200, body: { success: true } };
  };

  return {
    held,
    answer(request: IncomingMessage, path: string, query: Record<string, string>, body: unknown): Answer | undefined {
      const edge = /^\/(v[0-9]+\.[0-9])\/([0-9]+)\/message_templates$/.exec(path);
      if (edge) {
        const [, version = "", wabaId] = edge;
        const account = accounts.find((a) => a.wabaId === wabaId);
        if (!account) return refused(400, 100, `Unsupported request. Object with ID '${wabaId}' does not exist`);
        const method = request.method ?? "";
        if (!["GET", "POST", "DELETE"].includes(method)) return refused(400, 100, "Unknown path components");
        return authorised(account, request, version) ?? onAccount(account, method, query, body);
      }
      const node = /^\/(v[0-9]+\.[0-9])\/([0-9]+)$/.exec(path);
      if (!node || request.method !== "POST") return undefined;
      const [, version = "", templateId] = node;
      for (const account of accounts) {
        const template = held.get(account.wabaId)?.find((t) => t.id === templateId);
        if (template) return authorised(account, request, version) ?? onTemplate(template, body);
      }
      return undefined;
    },
  };
}

export async function startGraphStandIn(
  numbers: readonly GraphNumber[],
  accounts: readonly GraphAccount[] = [],
): Promise<GraphStandIn> {
  const requests: GraphRequest[] = [];
  let templateSequence = 0;
  const nextTemplateId = () => {
    templateSequence += 1;
    return `77${String(templateSequence).padStart(13, "0")}`;
  };
  const templates = templateManager(accounts, nextTemplateId);
  const failures = new Map<string, ScriptedFailure[]>();
  const answersToLose = new Map<string, number>();
  const media = new Map<string, { number: GraphNumber; mimeType: string; bytes: Buffer }>();
  let baseUrl = "";
  let sequence = 0;

  const answer = (request: IncomingMessage, path: string, body: unknown): Answer => {
    const match = /^\/(v[0-9]+\.[0-9])\/([0-9]+)\/(messages|media)$/.exec(path);
    if (request.method !== "POST" || !match) return { status: 400, body: graphError(100, "Unknown path components") };
    const [, version, phoneNumberId] = match;
    const number = numbers.find((n) => n.phoneNumberId === phoneNumberId);
    if (!number) {
      return {
        status: 400,
        body: graphError(100, `Unsupported post request. Object with ID '${phoneNumberId}' does not exist`),
      };
    }
    if (request.headers.authorization !== `Bearer ${number.accessToken}`) {
      return { status: 401, body: graphError(190, "Invalid OAuth access token - Cannot parse access token") };
    }
    if (version !== number.apiVersion)
      return { status: 400, body: graphError(2635, `Graph API ${version} is not this app's`) };
    const scripted = failures.get(number.phoneNumberId)?.shift();
    if (scripted) {
      return {
        status: scripted.status,
        body: graphError(scripted.code, scripted.message),
        ...(scripted.retryAfter === undefined ? {} : { headers: { "retry-after": scripted.retryAfter } }),
      };
    }
    sequence += 1;
    if (match[3] === "media") return answerUpload(number, body, sequence);
    return answerMessages(number, body, sequence);
  };

  /** `GET /{version}/{media_id}` and `GET /media-files/{media_id}`; undefined for other paths. */
  const answerMedia = (request: IncomingMessage, path: string): (Answer & { bytes?: Buffer }) | undefined => {
    const metadata = /^\/(v[0-9]+\.[0-9])\/([0-9]+)$/.exec(path);
    const download = /^\/media-files\/([0-9]+)$/.exec(path);
    if (request.method !== "GET" || (!metadata && !download)) return undefined;
    const mediaId = (metadata ? metadata[2] : download?.[1]) ?? "";
    const file = media.get(mediaId);
    if (!file)
      return {
        status: 400,
        body: graphError(100, `Unsupported get request. Object with ID '${mediaId}' does not exist`),
      };
    if (request.headers.authorization !== `Bearer ${file.number.accessToken}`) {
      return { status: 401, body: graphError(190, "Invalid OAuth access token - Cannot parse access token") };
    }
    if (download)
      return { status: 200, body: undefined, headers: { "content-type": file.mimeType }, bytes: file.bytes };
    if (metadata?.[1] !== file.number.apiVersion)
      return { status: 400, body: graphError(2635, "Wrong Graph API version") };
    return {
      status: 200,
      body: {
        messaging_product: "whatsapp",
        url: `${baseUrl}/media-files/${mediaId}`,
        mime_type: file.mimeType,
        file_size: file.bytes.length,
        id: mediaId,
      },
    };
  };

  const server: Server = createServer(async (request, response) => {
    const [path = "", search = ""] = (request.url ?? "").split("?", 2);
    const query = Object.fromEntries(new URLSearchParams(search));
    const body = await bodyOf(request);
    requests.push({ method: request.method ?? "", path, query, authorization: request.headers.authorization, body });
    const managed = templates.answer(request, path, query, body);
    if (managed) {
      response.writeHead(managed.status, { "content-type": "application/json" });
      response.end(JSON.stringify(managed.body));
      return;
    }
    const served = answerMedia(request, path);
    if (served?.bytes) {
      response.writeHead(served.status, served.headers);
      response.end(served.bytes);
      return;
    }
    const reply = served ?? answer(request, path, body);
    const sendTo = /^\/v[0-9]+\.[0-9]\/([0-9]+)\/messages$/.exec(path)?.[1];
    const toLose = sendTo === undefined ? 0 : (answersToLose.get(sendTo) ?? 0);
    if (sendTo !== undefined && toLose > 0 && reply.status === 200) {
      answersToLose.set(sendTo, toLose - 1);
      request.socket.destroy();
      return;
    }
    response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    response.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    addMedia(phoneNumberId, mediaId, mimeType, bytes) {
      const number = numbers.find((n) => n.phoneNumberId === phoneNumberId);
      if (!number) throw new Error(`no number ${phoneNumberId} in the Graph stand-in`);
      media.set(mediaId, { number, mimeType, bytes });
    },
    expireMedia(mediaId) {
      media.delete(mediaId);
    },
    addTemplate(wabaId, template) {
      const list = templates.held.get(wabaId);
      if (!list) throw new Error(`no account ${wabaId} in the Graph stand-in`);
      const added = { ...template, id: template.id ?? nextTemplateId() } as GraphTemplate;
      list.push(added);
      return added;
    },
    templates: (wabaId) => [...(templates.held.get(wabaId) ?? [])],
    failNext(phoneNumberId, failure) {
      failures.set(phoneNumberId, [...(failures.get(phoneNumberId) ?? []), failure]);
    },
    loseAnswerNext(phoneNumberId) {
      answersToLose.set(phoneNumberId, (answersToLose.get(phoneNumberId) ?? 0) + 1);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
