// MediaStore on GridFS (bucket `media` on the service's own database), which works unchanged on
// MongoDB and FerretDB v1: files are split into 255 KB chunk documents, so no single document
// comes near the 16 MB limit and downloads stream. Tenant and business are kept in each file's
// metadata and are part of every lookup filter.
//
// GridFS writes the file document only after the last chunk, and we add the SHA-256 in a second
// single-document write after that; a file without its hash is treated as not there. A crash in
// between therefore never exposes a partial upload — at worst it leaves unreferenced chunks.
import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { traceDb } from "@switchboard/kit";
import mongoose, { type Connection } from "mongoose";
import type { Caller } from "../tenancy/tenancy-records.ts";
import type { MediaStore, StoredMedia } from "./media-store.ts";

interface MediaFileDocument {
  _id: string;
  length: number;
  metadata: {
    tenantId: string;
    businessId: string;
    phoneNumberId: string;
    mimeType: string;
    sha256?: string;
    uploadedAtMs?: number;
  };
}

const BUCKET = "media";

/** GridFS allows any `_id`; the driver types it as ObjectId only. Our ids are Graph-style strings. */
const fileId = (mediaId: string) => mediaId as unknown as mongoose.mongo.ObjectId;

export async function createGridFsMediaStore(connection: Connection): Promise<MediaStore> {
  const db = connection.db;
  if (!db) throw new Error("the MongoDB connection is not open");
  const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET });
  const files = db.collection<MediaFileDocument>(`${BUCKET}.files`);
  const chunks = db.collection<{ files_id: string }>(`${BUCKET}.chunks`);
  await files.createIndex({ "metadata.tenantId": 1, "metadata.businessId": 1 });

  const visible = (scope: Caller, mediaId: string) => ({
    _id: mediaId,
    "metadata.tenantId": scope.tenantId,
    "metadata.businessId": scope.businessId,
    "metadata.sha256": { $exists: true },
  });

  const toStored = (doc: MediaFileDocument): StoredMedia => ({
    mediaId: doc._id,
    phoneNumberId: doc.metadata.phoneNumberId,
    mimeType: doc.metadata.mimeType,
    sha256: doc.metadata.sha256 ?? "",
    fileSize: doc.length,
    uploadedAtMs: doc.metadata.uploadedAtMs ?? 0,
  });

  const find = async (scope: Caller, mediaId: string) => {
    const doc = await traceDb(`${BUCKET}.files`, "findOne", () => files.findOne(visible(scope, mediaId)));
    return doc ? toStored(doc) : undefined;
  };

  return {
    async save(scope, media, content) {
      const upload = bucket.openUploadStreamWithId(fileId(media.mediaId), media.filename, {
        metadata: { ...scope, phoneNumberId: media.phoneNumberId, mimeType: media.mimeType },
      });
      const hash = createHash("sha256");
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      try {
        await traceDb(`${BUCKET}.chunks`, "upload", () => pipeline(content, meter, upload));
      } catch (error) {
        // Drop whatever chunks made it; the file document is never written on failure.
        await upload.abort().catch(() => {});
        await chunks.deleteMany({ files_id: media.mediaId }).catch(() => {});
        throw error;
      }
      const sha256 = hash.digest("hex");
      const uploadedAtMs = Date.now();
      await traceDb(`${BUCKET}.files`, "updateOne", () =>
        files.updateOne(
          { _id: media.mediaId, "metadata.tenantId": scope.tenantId, "metadata.businessId": scope.businessId },
          { $set: { "metadata.sha256": sha256, "metadata.uploadedAtMs": uploadedAtMs } },
        ),
      );
      return { ...media, sha256, fileSize: size, uploadedAtMs };
    },

    find,

    async open(scope, mediaId) {
      const media = await find(scope, mediaId);
      return media ? { media, content: bucket.openDownloadStream(fileId(mediaId)) } : undefined;
    },

    async remove(scope, mediaId) {
      const deleted = await traceDb(`${BUCKET}.files`, "deleteOne", () =>
        files.deleteOne({ _id: mediaId, "metadata.tenantId": scope.tenantId, "metadata.businessId": scope.businessId }),
      );
      if (deleted.deletedCount !== 1) return false;
      await traceDb(`${BUCKET}.chunks`, "deleteMany", () => chunks.deleteMany({ files_id: mediaId }));
      return true;
    },
  };
}
