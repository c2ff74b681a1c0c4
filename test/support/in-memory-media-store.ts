// In-memory adapter of the MediaStore port, with the GridFS adapter's visibility rule: a file is
// visible only once its content arrived whole, and only to its own tenant and business.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { MediaStore, StoredMedia } from "../../services/ingress/src/media/media-store.ts";
import type { Caller } from "../../services/ingress/src/tenancy/tenancy-records.ts";

interface StoredFile extends StoredMedia, Caller {
  bytes: Buffer;
}

export function createInMemoryMediaStore(): MediaStore & { files: Map<string, StoredFile> } {
  const files = new Map<string, StoredFile>();
  const visible = (scope: Caller, mediaId: string) => {
    const file = files.get(mediaId);
    return file && file.tenantId === scope.tenantId && file.businessId === scope.businessId ? file : undefined;
  };
  const stored = ({ bytes: _bytes, tenantId: _t, businessId: _b, ...media }: StoredFile): StoredMedia => media;
  return {
    files,
    async save(scope, media, content) {
      const parts: Buffer[] = [];
      for await (const chunk of content) parts.push(Buffer.from(chunk as Uint8Array));
      const bytes = Buffer.concat(parts);
      const file: StoredFile = {
        ...scope,
        mediaId: media.mediaId,
        phoneNumberId: media.phoneNumberId,
        mimeType: media.mimeType,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        fileSize: bytes.length,
        uploadedAtMs: Date.now(),
        bytes,
      };
      files.set(media.mediaId, file);
      return stored(file);
    },
    async find(scope, mediaId) {
      const file = visible(scope, mediaId);
      return file && stored(file);
    },
    async open(scope, mediaId) {
      const file = visible(scope, mediaId);
      return file && { media: stored(file), content: Readable.from([file.bytes]) };
    },
    async remove(scope, mediaId) {
      if (!visible(scope, mediaId)) return false;
      files.delete(mediaId);
      return true;
    },
  };
}
