// The media archiver with in-memory adapters: an inbound image named by Meta's media id is fetched
// once and stored under that id in the message's business; other messages fetch nothing.
import { Readable } from "node:stream";
import { createInMemoryEventBus, createLogger, event } from "@switchboard/kit";
import { InboundMessageReceivedEvent, threadKey } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { ResponseTooLargeError } from "../outbound/bounded-body.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import type { MediaFetcher } from "../upstream-channel/graph-media.ts";
import { inboundMediaId, mediaArchiverHandlers } from "./media-archiver.ts";
import type { MediaStore, StoredMedia } from "./media-store.ts";

const logger = createLogger({ service: "test", level: "silent" });
const thread = { tenantId: "t1", businessId: "b1", phoneNumberId: "100", customerId: "1555", customerWaId: "1555" };

function mediaInMemory() {
  const files = new Map<string, StoredMedia & { scope: Caller; bytes: Buffer }>();
  const store: MediaStore = {
    async save(scope, media, content) {
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      const stored = { ...media, sha256: "", fileSize: bytes.length, uploadedAtMs: 1 };
      files.set(media.mediaId, { ...stored, scope, bytes });
      return stored;
    },
    async find(scope, mediaId) {
      const found = files.get(mediaId);
      return found && found.scope.tenantId === scope.tenantId && found.scope.businessId === scope.businessId
        ? found
        : undefined;
    },
    async open() {
      return undefined;
    },
    async remove() {
      return false;
    },
  };
  return { store, files };
}

const inbound = (messageId: string, type: string, message: Record<string, unknown>) =>
  event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: {
      thread,
      messageId,
      type,
      messageJson: JSON.stringify({ id: messageId, type, ...message }),
      sentAtMs: 1,
      receivedAtMs: 1,
      hosting: undefined,
      contactJson: "",
    },
  });

describe("media archiver", () => {
  it("finds Meta's media id of media messages only", () => {
    expect(inboundMediaId("image", '{"image":{"id":"610000000000001"}}')).toBe("610000000000001");
    expect(inboundMediaId("document", '{"document":{"id":"6100","filename":"a.pdf"}}')).toBe("6100");
    expect(inboundMediaId("text", '{"text":{"body":"610000000000001"}}')).toBeUndefined();
    expect(inboundMediaId("image", '{"image":{"link":"https://x"}}')).toBeUndefined();
    expect(inboundMediaId("image", "not json")).toBeUndefined();
  });

  it("fetches an inbound image once and stores it under Meta's id in the thread's business", async () => {
    const bus = createInMemoryEventBus();
    const { store, files } = mediaInMemory();
    const fetched: string[] = [];
    const fetchMedia: MediaFetcher = async (scope, mediaId) => {
      fetched.push(`${scope.tenantId}/${scope.businessId}/${mediaId}`);
      return { mimeType: "image/jpeg", content: Readable.from([Buffer.from("jpeg-bytes")]) };
    };
    await bus.subscribe({ groupId: "media", handlers: mediaArchiverHandlers({ media: store, fetchMedia, logger }) });
    await bus.publish([inbound("wamid.in-1", "image", { image: { id: "610000000000001", mime_type: "image/jpeg" } })]);
    await bus.publish([inbound("wamid.in-1", "image", { image: { id: "610000000000001", mime_type: "image/jpeg" } })]);
    await bus.publish([inbound("wamid.in-2", "text", { text: { body: "hi" } })]);
    expect(fetched).toEqual(["t1/b1/610000000000001"]);
    expect(files.get("610000000000001")).toMatchObject({
      phoneNumberId: "100",
      mimeType: "image/jpeg",
      scope: { tenantId: "t1", businessId: "b1" },
      bytes: Buffer.from("jpeg-bytes"),
    });
    expect(bus.deadLetters).toEqual([]);
  });

  it("logs a file Meta no longer has and retries one it could not fetch", async () => {
    const bus = createInMemoryEventBus();
    const { store, files } = mediaInMemory();
    let attempts = 0;
    const fetchMedia: MediaFetcher = async (_scope, mediaId) => {
      attempts += 1;
      if (mediaId === "620000000000001") return undefined;
      if (attempts < 3) throw new Error("Graph answered 503");
      return { mimeType: "audio/ogg", content: Readable.from([Buffer.from("ogg")]) };
    };
    await bus.subscribe({ groupId: "media", handlers: mediaArchiverHandlers({ media: store, fetchMedia, logger }) });
    await bus.publish([inbound("wamid.gone", "audio", { audio: { id: "620000000000001" } })]);
    expect(attempts).toBe(1);
    await bus.publish([inbound("wamid.flaky", "audio", { audio: { id: "630000000000001" } })]);
    expect(files.get("630000000000001")?.bytes).toEqual(Buffer.from("ogg"));
    expect(bus.deadLetters).toEqual([]);
  });

  it("gives up, without retrying, on a file whose download stopped at the size limit", async () => {
    const bus = createInMemoryEventBus();
    const { store, files } = mediaInMemory();
    let attempts = 0;
    const fetchMedia: MediaFetcher = async () => {
      attempts += 1;
      const content = new Readable({ read() {} });
      content.push(Buffer.from("first bytes"));
      setImmediate(() => content.destroy(new ResponseTooLargeError(11)));
      return { mimeType: "video/mp4", content };
    };
    await bus.subscribe({ groupId: "media", handlers: mediaArchiverHandlers({ media: store, fetchMedia, logger }) });
    await bus.publish([inbound("wamid.huge", "video", { video: { id: "640000000000001" } })]);
    expect(attempts).toBe(1);
    expect(files.has("640000000000001")).toBe(false);
    expect(bus.deadLetters).toEqual([]);
  });
});
