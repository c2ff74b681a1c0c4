// Schema pieces every conversation collection shares: the hosting snapshot sub-document, the
// shape of a record stored under its deterministic string `_id` (see document-ids.ts), and how a
// record becomes a document (absent fields stay absent).
import { Schema } from "mongoose";

export type Keyed<T> = T & { _id: string };

export const hostingSchema = new Schema(
  {
    hostingMode: { type: String, required: true },
    encryptionState: { type: String, required: true },
    processors: { type: [String], required: true },
  },
  { _id: false },
);

/** Drops undefined fields so they are absent in the document rather than stored as null. */
export function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
