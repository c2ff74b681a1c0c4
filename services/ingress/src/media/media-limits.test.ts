import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { byteLimit } from "./byte-limit.ts";
import { describeLimit, MAX_MEDIA_BYTES, mediaRuleFor } from "./media-limits.ts";

const MB = 1024 * 1024;

describe("media limits", () => {
  it.each([
    ["image/jpeg", "image", 5 * MB],
    ["image/png", "image", 5 * MB],
    ["audio/aac", "audio", 16 * MB],
    ["audio/amr", "audio", 16 * MB],
    ["audio/mpeg", "audio", 16 * MB],
    ["audio/mp4", "audio", 16 * MB],
    ["audio/ogg", "audio", 16 * MB],
    ["video/mp4", "video", 16 * MB],
    ["video/3gpp", "video", 16 * MB],
    ["application/pdf", "document", 100 * MB],
    ["text/plain", "document", 100 * MB],
    ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document", 100 * MB],
    ["image/webp", "sticker", 500 * 1024],
  ])("%s is %s up to %d bytes", (mime, kind, max) => {
    expect(mediaRuleFor(mime)).toEqual({ mimeType: mime, kind, maxBytes: max });
  });

  it("ignores parameters and case, and refuses anything else", () => {
    expect(mediaRuleFor("Audio/OGG; codecs=opus")?.mimeType).toBe("audio/ogg");
    for (const mime of ["image/gif", "application/octet-stream", "text/html", "", "image/svg+xml"]) {
      expect(mediaRuleFor(mime)).toBeUndefined();
    }
  });

  it("describes a limit in the unit Meta uses and the parser's hard limit is the largest", () => {
    const sticker = mediaRuleFor("image/webp");
    const image = mediaRuleFor("image/png");
    if (!sticker || !image) throw new Error("rules missing");
    expect(describeLimit(sticker)).toBe("sticker files (image/webp) may be at most 500 KB (512000 bytes)");
    expect(describeLimit(image)).toContain("5 MB");
    expect(MAX_MEDIA_BYTES).toBe(100 * MB);
  });
});

describe("byteLimit", () => {
  const run = (size: number, max: number) => {
    const out: Buffer[] = [];
    return pipeline(
      Readable.from([Buffer.alloc(size - Math.floor(size / 2)), Buffer.alloc(Math.floor(size / 2))]),
      byteLimit(max, () => new Error("too large")),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) out.push(chunk);
      },
    ).then(() => Buffer.concat(out).length);
  };

  it("passes exactly the limit and fails one byte over", async () => {
    await expect(run(1000, 1000)).resolves.toBe(1000);
    await expect(run(1001, 1000)).rejects.toThrow("too large");
  });
});
