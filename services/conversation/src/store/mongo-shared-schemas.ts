// Schema pieces every conversation collection shares: the hosting snapshot sub-document and the
// shape of a record stored under its deterministic string `_id` (see document-ids.ts).
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
