// The media endpoints against the real MongoDB-wire server (GridFS on FerretDB), app built
// in-process and served on a real port: upload → metadata → download → delete with the bytes
// unchanged, Meta's per-type limits with nothing left behind by a refused upload, and every
// endpoint refusing another business's token exactly as Meta does (100 / 33).
import { createHash, randomBytes } from "node:crypto";
import { connectMongo, createInMemoryEventBus, createLogger } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { newGraphId } from "../src/graph/graph-ids.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import type { TenancyAdmin } from "../src/tenancy/tenancy-admin.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const logger = createLogger({ service: "ingress-media-test", level: "warn" });
const KB = 1024;
const MB = 1024 * KB;

interface TestBusiness {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  token: string;
}

type Json = Record<string, unknown> & {
  error?: { code: number; error_subcode?: number; type: string; error_data?: { details: string } };
};

describe("media endpoints against the MongoDB-wire store", () => {
  const servers = testServers();
  let mongo: Connection;
  let app: FastifyInstance;
  let base: string;
  let a: TestBusiness;
  let b: TestBusiness;
  /** A second business account of tenant A: same tenant, still no access to the first's media. */
  let a2: TestBusiness;

  async function business(tenants: TenancyAdmin, tenantId: string) {
    const { token, hash } = issueAccessToken();
    const businessId = newGraphId();
    const phoneNumberId = newGraphId();
    await tenants.createTenant({
      tenantId,
      name: `media ${businessId}`,
      kind: "enterprise",
      businessId,
      phoneNumbers: [
        {
          phoneNumberId,
          displayPhoneNumber: "+15550100",
          hostingMode: "cloud",
          processors: ["business", "meta"],
          catalogId: "",
        },
      ],
      tokenId: newGraphId(),
      tokenHash: hash,
    });
    return { tenantId, businessId, phoneNumberId, token };
  }

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingmedia") });
    const config = loadIngressConfig({
      ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
    });
    // Media publishes nothing: an in-memory bus stands in for Kafka.
    const ingress = await buildTestIngress({ mongo, bus: createInMemoryEventBus(), logger }, config);
    const tenants = ingress.deps.tenancy.admin;
    app = ingress.service.http;
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("no port");
    base = `http://127.0.0.1:${address.port}`;
    a = await business(tenants, `tn_${newGraphId()}`);
    b = await business(tenants, `tn_${newGraphId()}`);
    // createTenant makes a new tenant document; a second business of A goes through the store.
    const second = await business(tenants, `tn_${newGraphId()}`);
    const { hash, token } = issueAccessToken();
    const waba = await tenants.upsertBusinessAccount(a.tenantId, newGraphId(), "second waba");
    await tenants.issueToken(waba, newGraphId(), hash);
    a2 = { tenantId: a.tenantId, businessId: waba.businessId, phoneNumberId: second.phoneNumberId, token };
  });

  afterAll(async () => {
    await app?.close();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Json });

  function upload(
    who: TestBusiness,
    file: { bytes: Uint8Array; mime: string; name?: string } | undefined,
    fields: { messaging_product?: string; type?: string; typeAfterFile?: string } = { messaging_product: "whatsapp" },
    phoneNumberId = who.phoneNumberId,
  ) {
    const form = new FormData();
    if (fields.messaging_product !== undefined) form.set("messaging_product", fields.messaging_product);
    if (fields.type !== undefined) form.set("type", fields.type);
    if (file) form.set("file", new Blob([file.bytes], { type: file.mime }), file.name ?? "upload.bin");
    if (fields.typeAfterFile !== undefined) form.set("type", fields.typeAfterFile);
    return fetch(`${base}/v23.0/${phoneNumberId}/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${who.token}` },
      body: form,
    }).then(json);
  }

  const get = (who: TestBusiness, path: string, method = "GET") =>
    fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${who.token}` } });

  const storedFiles = () => mongo.db?.collection("media.files").countDocuments({}) ?? Promise.resolve(-1);
  const storedChunks = () => mongo.db?.collection("media.chunks").countDocuments({}) ?? Promise.resolve(-1);

  it("round-trips a file: upload, metadata, download with equal bytes, delete", async () => {
    const bytes = randomBytes(700 * KB + 3);
    const uploaded = await upload(
      a,
      { bytes, mime: "image/jpeg", name: "photo.jpg" },
      { messaging_product: "whatsapp", type: "image/jpeg" },
    );
    expect(uploaded.status).toBe(200);
    const id = String(uploaded.body.id);
    expect(id).toMatch(/^[0-9]{15}$/);

    const meta = await json(await get(a, `/v23.0/${id}`));
    expect(meta.status).toBe(200);
    expect(meta.body).toEqual({
      messaging_product: "whatsapp",
      url: `${base}/media/download/${id}`,
      mime_type: "image/jpeg",
      sha256: createHash("sha256").update(bytes).digest("hex"),
      file_size: String(bytes.length),
      id,
    });
    expect((await get(a, `/v23.0/${id}?phone_number_id=${a.phoneNumberId}`)).status).toBe(200);
    const otherNumber = await json(await get(a, `/v23.0/${id}?phone_number_id=${a2.phoneNumberId}`));
    expect(otherNumber.body.error?.error_subcode).toBe(33);

    const download = await fetch(String(meta.body.url), { headers: { authorization: `Bearer ${a.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    // Like Meta's media URLs, ours need the token.
    const anonymous = await json(await fetch(String(meta.body.url)));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error?.code).toBe(190);

    expect((await json(await get(a, `/v23.0/${id}`, "DELETE"))).body).toEqual({ success: true });
    for (const [path, method] of [
      [`/v23.0/${id}`, "GET"],
      [`/media/download/${id}`, "GET"],
      [`/v23.0/${id}`, "DELETE"],
    ] as const) {
      const gone = await json(await get(a, path, method));
      expect(gone.body.error).toMatchObject({ code: 100, error_subcode: 33, type: "GraphMethodException" });
    }
  });

  it("applies Meta's limit per type and leaves nothing behind when it refuses", async () => {
    const filesBefore = await storedFiles();
    const chunksBefore = await storedChunks();
    const tooLarge = await upload(a, { bytes: randomBytes(5 * MB + 1), mime: "image/png" });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error?.code).toBe(131053);
    expect(tooLarge.body.error?.error_data?.details).toContain("image files (image/png) may be at most 5 MB");
    const bigSticker = await upload(a, { bytes: randomBytes(500 * KB + 1), mime: "image/webp" });
    expect(bigSticker.body.error?.error_data?.details).toContain("sticker files (image/webp) may be at most 500 KB");
    const unsupported = await upload(a, { bytes: randomBytes(10), mime: "image/gif" });
    expect(unsupported.body.error?.code).toBe(100);
    expect(unsupported.body.error?.error_data?.details).toBe("Unsupported media type 'image/gif'");
    const noProduct = await upload(a, { bytes: randomBytes(10), mime: "image/png" }, {});
    expect(noProduct.body.error?.code).toBe(131008);
    const wrongProduct = await upload(a, { bytes: randomBytes(10), mime: "image/png" }, { messaging_product: "sms" });
    expect(wrongProduct.body.error?.code).toBe(131009);
    const noFile = await upload(a, undefined);
    expect(noFile.body.error?.code).toBe(131008);
    const mismatch = await upload(
      a,
      { bytes: randomBytes(10), mime: "image/png" },
      { messaging_product: "whatsapp", typeAfterFile: "video/mp4" },
    );
    expect(mismatch.body.error?.error_data?.details).toContain("does not match");
    const notMultipart = await json(
      await fetch(`${base}/v23.0/${a.phoneNumberId}/media`, {
        method: "POST",
        headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" },
        body: JSON.stringify({ messaging_product: "whatsapp", file: "@/tmp/x.png" }),
      }),
    );
    expect(notMultipart.body.error?.code).toBe(100);
    expect(await storedFiles()).toBe(filesBefore);
    expect(await storedChunks()).toBe(chunksBefore);

    // At the limits, and above the 3 MB JSON body limit, uploads succeed.
    const sticker = await upload(a, { bytes: randomBytes(500 * KB), mime: "image/webp" });
    const image = await upload(a, { bytes: randomBytes(4 * MB), mime: "image/png" });
    const voice = await upload(a, { bytes: randomBytes(20 * KB), mime: "audio/ogg; codecs=opus" });
    const pdf = await upload(a, { bytes: randomBytes(3 * KB), mime: "application/pdf" });
    for (const ok of [sticker, image, voice, pdf]) expect(ok.status).toBe(200);
    const voiceMeta = await json(await get(a, `/v23.0/${voice.body.id}`));
    expect(voiceMeta.body.mime_type).toBe("audio/ogg");
    expect(await storedFiles()).toBe(filesBefore + 4);
  });

  it("refuses another business's number and media on every endpoint, as Meta does", async () => {
    const bytes = randomBytes(2 * KB);
    const mine = await upload(a, { bytes, mime: "application/pdf" });
    const id = String(mine.body.id);
    for (const intruder of [b, a2]) {
      const attempts = [
        await upload(intruder, { bytes, mime: "application/pdf" }, undefined, a.phoneNumberId),
        await json(await get(intruder, `/v23.0/${id}`)),
        await json(await get(intruder, `/media/download/${id}`)),
        await json(await get(intruder, `/v23.0/${id}`, "DELETE")),
      ];
      for (const refused of attempts) {
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 100, error_subcode: 33, type: "GraphMethodException" });
      }
    }
    const invalidToken = await json(await get({ ...a, token: "sbt_not-a-token" }, `/v23.0/${id}`));
    expect(invalidToken.body.error?.code).toBe(190);
    // Still there, unchanged, for its owner.
    const download = await get(a, `/media/download/${id}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
