// The MediaStore port: uploaded media files of a business, kept per tenant. Every method takes the
// caller's tenant and business and never returns or touches another business's media.
import type { Readable } from "node:stream";
import type { Caller } from "../tenancy/tenancy-records.ts";

export interface StoredMedia {
  mediaId: string;
  phoneNumberId: string;
  mimeType: string;
  sha256: string;
  fileSize: number;
  uploadedAtMs: number;
}

export interface NewMedia {
  mediaId: string;
  phoneNumberId: string;
  mimeType: string;
  filename: string;
}

export interface MediaStore {
  /**
   * Streams `content` in. Resolves once the file is complete and visible; if `content` fails
   * (too large, client gone) it rejects with that error and nothing stays visible.
   */
  save(scope: Caller, media: NewMedia, content: Readable): Promise<StoredMedia>;
  find(scope: Caller, mediaId: string): Promise<StoredMedia | undefined>;
  open(scope: Caller, mediaId: string): Promise<{ media: StoredMedia; content: Readable } | undefined>;
  /** True when the media existed in this business and is now gone. */
  remove(scope: Caller, mediaId: string): Promise<boolean>;
}
