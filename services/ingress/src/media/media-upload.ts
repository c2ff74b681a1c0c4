// Reads a multipart media upload (`messaging_product`, `file`, `type`, in any order) and streams
// the file into the store under the limit of its declared type. The type is the `type` field when
// it came before the file, else the file part's own Content-Type; a `type` field after the file
// must agree with what was stored. Whatever fails after storing removes the file again, so a
// rejected upload leaves nothing behind.
import type { MultipartFile, MultipartValue } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { GraphError } from "../graph/graph-error.ts";
import { invalidParameterValue, missingParameter } from "../graph/graph-errors.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import { byteLimit } from "./byte-limit.ts";
import { badUpload, mediaTooLarge, unsupportedMediaType } from "./media-errors.ts";
import { mediaRuleFor } from "./media-limits.ts";
import type { MediaStore, StoredMedia } from "./media-store.ts";

const FIELDS = new Set(["messaging_product", "type"]);

function fieldValue(part: MultipartValue): string {
  return typeof part.value === "string" ? part.value : String(part.value);
}

async function storeFile(
  store: MediaStore,
  scope: Caller,
  ids: { mediaId: string; phoneNumberId: string },
  part: MultipartFile,
  declaredType: string | undefined,
): Promise<StoredMedia> {
  const declared = declaredType ?? part.mimetype;
  const rule = mediaRuleFor(declared);
  if (!rule) {
    part.file.resume();
    throw unsupportedMediaType(declared);
  }
  const limited = part.file.pipe(byteLimit(rule.maxBytes, () => mediaTooLarge(rule)));
  // The parser's own error (e.g. a truncated body) must reach the pipeline, not go unhandled.
  part.file.on("error", (error) => limited.destroy(malformedBody(error)));
  return store.save(scope, { ...ids, mimeType: rule.mimeType, filename: part.filename.slice(0, 200) }, limited);
}

export async function receiveUpload(
  request: FastifyRequest,
  store: MediaStore,
  scope: Caller,
  ids: { mediaId: string; phoneNumberId: string },
): Promise<StoredMedia> {
  if (!request.isMultipart()) throw badUpload("The request must be multipart/form-data with a file field named file");
  const fields = new Map<string, string>();
  let stored: StoredMedia | undefined;
  try {
    for await (const part of partsOf(request)) {
      if (part.type === "field") {
        if (FIELDS.has(part.fieldname)) fields.set(part.fieldname, fieldValue(part));
        continue;
      }
      if (part.fieldname !== "file" || stored) {
        part.file.resume();
        throw badUpload("Exactly one file is accepted, in the field named file");
      }
      stored = await storeFile(store, scope, ids, part, fields.get("type"));
    }
    const product = fields.get("messaging_product");
    if (product === undefined) throw missingParameter("messaging_product is required");
    if (product !== "whatsapp") throw invalidParameterValue("messaging_product must be whatsapp");
    if (!stored) throw missingParameter("file is required");
    const type = fields.get("type");
    if (type !== undefined && mediaRuleFor(type)?.mimeType !== stored.mimeType) {
      throw badUpload(`type '${type.slice(0, 100)}' does not match the file's type ${stored.mimeType}`);
    }
    return stored;
  } catch (error) {
    if (stored) await store.remove(scope, stored.mediaId);
    throw asGraphError(error);
  }
}

/**
 * The request's parts; whatever the parser fails with while reading them (a body cut short, a
 * closing boundary missing) is the client's malformed body: 400, never our 500.
 */
async function* partsOf(request: FastifyRequest) {
  const parts = request.parts()[Symbol.asyncIterator]();
  for (;;) {
    const next = await parts.next().catch((error: unknown) => {
      throw malformedBody(error);
    });
    if (next.done) return;
    yield next.value;
  }
}

function malformedBody(error: unknown): Error {
  const graph = asGraphError(error);
  if (graph instanceof GraphError) return graph;
  const reason = error instanceof Error ? error.message.slice(0, 100) : "unreadable";
  return badUpload(`The multipart body is malformed: ${reason}`);
}

/** @fastify/multipart's own errors (limits, malformed bodies) become Graph errors. */
function asGraphError(error: unknown): unknown {
  if (error instanceof GraphError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("FST_")) {
    return badUpload(`The multipart body was rejected: ${(error as Error).message}`);
  }
  return error;
}
