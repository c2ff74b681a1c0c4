// Which files Meta's Cloud API accepts as media and how large each kind may be. Nothing else is
// stored: an unsupported type or an oversized file is refused before it is kept.
export type MediaKind = "image" | "audio" | "video" | "document" | "sticker";

const MB = 1024 * 1024;

export const MAX_BYTES_BY_KIND: Readonly<Record<MediaKind, number>> = {
  image: 5 * MB,
  audio: 16 * MB,
  video: 16 * MB,
  document: 100 * MB,
  sticker: 500 * 1024,
};

/** The largest file of any kind: the multipart parser's hard limit. */
export const MAX_MEDIA_BYTES = Math.max(...Object.values(MAX_BYTES_BY_KIND));

const KIND_BY_MIME: Readonly<Record<string, MediaKind>> = {
  "image/jpeg": "image",
  "image/png": "image",
  "audio/aac": "audio",
  "audio/amr": "audio",
  "audio/mpeg": "audio",
  "audio/mp4": "audio",
  "audio/ogg": "audio",
  "video/mp4": "video",
  "video/3gpp": "video",
  "image/webp": "sticker",
  "text/plain": "document",
  "application/pdf": "document",
  "application/msword": "document",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document",
  "application/vnd.ms-excel": "document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "document",
  "application/vnd.ms-powerpoint": "document",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "document",
};

export const SUPPORTED_MIME_TYPES = Object.keys(KIND_BY_MIME);

export interface MediaRule {
  /** The MIME type as stored and served: lowercase, without parameters such as `codecs`. */
  mimeType: string;
  kind: MediaKind;
  maxBytes: number;
}

/** The rule for a declared MIME type (parameters ignored: `audio/ogg; codecs=opus` is audio/ogg). */
export function mediaRuleFor(declared: string): MediaRule | undefined {
  const mimeType = declared.split(";")[0]?.trim().toLowerCase() ?? "";
  // Own keys only: a declared type of `__proto__` or `constructor` must not find Object's members.
  const kind = Object.hasOwn(KIND_BY_MIME, mimeType) ? KIND_BY_MIME[mimeType] : undefined;
  return kind ? { mimeType, kind, maxBytes: MAX_BYTES_BY_KIND[kind] } : undefined;
}

export function describeLimit(rule: MediaRule): string {
  const max = rule.maxBytes >= MB ? `${rule.maxBytes / MB} MB` : `${rule.maxBytes / 1024} KB`;
  return `${rule.kind} files (${rule.mimeType}) may be at most ${max} (${rule.maxBytes} bytes)`;
}
