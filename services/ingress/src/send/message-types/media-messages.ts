// Media messages (image, video, document, audio, sticker): a media object by uploaded `id` or by
// `link`. Captions (1,024 characters) on image, video and document; a filename on documents;
// audio and stickers take neither, as on Meta.
import { z } from "zod";
import { envelope, mediaObject, text } from "./common-fields.ts";

const caption = text(1024).optional();

export const imageMessage = z.object({
  ...envelope,
  type: z.literal("image"),
  image: mediaObject({ caption }),
});

export const videoMessage = z.object({
  ...envelope,
  type: z.literal("video"),
  video: mediaObject({ caption }),
});

export const documentMessage = z.object({
  ...envelope,
  type: z.literal("document"),
  document: mediaObject({ caption, filename: text(240).optional() }),
});

export const audioMessage = z.object({ ...envelope, type: z.literal("audio"), audio: mediaObject({}) });

export const stickerMessage = z.object({ ...envelope, type: z.literal("sticker"), sticker: mediaObject({}) });
