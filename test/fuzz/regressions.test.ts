// What the fuzz suite found, one test each, over a real local socket (the findings were in the
// HTTP parser and the multipart reader, which fastify's inject does not exercise the same way).
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphErrorShapeProblem } from "../support/graph-error-shape.ts";
import { bearer, buildProbeWorld, mediaUpload, type ProbeWorld } from "../support/probe-world.ts";
import { rawRequest } from "../support/raw-http.ts";

describe("fuzz findings, fixed", () => {
  let world: ProbeWorld;
  let port: number;
  beforeAll(async () => {
    world = await buildProbeWorld();
    await world.ingress.service.http.listen({ port: 0, host: "127.0.0.1" });
    port = (world.ingress.service.http.server.address() as AddressInfo).port;
  });
  afterAll(() => world.ingress.service.http.close());

  const send = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
    rawRequest(port, { method, path, headers, ...(body ? { body } : {}) }, 10_000);

  it("answers a multipart upload cut before its closing boundary with 400, and keeps nothing", async () => {
    const upload = mediaUpload({ type: "image/png", bytes: Buffer.from("png bytes") });
    const cut = upload.payload.subarray(0, upload.payload.length - "--\r\n".length - 20);
    const filesBefore = world.ingress.recorder.calls.filter((c) => c.port === "media" && c.method === "save").length;
    const response = await send(
      "POST",
      `/v23.0/${world.a1.phoneNumberId}/media`,
      { ...bearer(world.a1), "content-type": upload.contentType },
      cut,
    );
    expect(response?.statusCode).toBe(400);
    expect(graphErrorShapeProblem(response?.body ?? "")).toBeUndefined();
    expect(response?.body).toContain("The multipart body is malformed");
    const saves = world.ingress.recorder.calls.filter((c) => c.port === "media" && c.method === "save");
    expect(saves.slice(filesBefore).every((c) => c.effect === "none")).toBe(true);
  });

  it("refuses template components with keys MongoDB refuses ($…, dotted), creating and editing", async () => {
    const { a1 } = world;
    const json = { ...bearer(a1), "content-type": "application/json" };
    const component = { type: "BODY", text: "Order {{1}} is ready.", example: { body_text: [["A-1"]], $gt: "" } };
    const created = await send(
      "POST",
      `/v23.0/${a1.businessId}/message_templates`,
      json,
      Buffer.from(
        JSON.stringify({ name: "dollar_keys", language: "en_US", category: "utility", components: [component] }),
      ),
    );
    expect(created?.statusCode).toBe(400);
    expect(created?.body).toContain("components[0].example.$gt");
    const edited = await send(
      "POST",
      `/v23.0/${a1.approvedTemplateId}`,
      json,
      Buffer.from(JSON.stringify({ components: [{ ...component, example: { body_text: [["A-1"]], "a.b": 1 } }] })),
    );
    expect(edited?.statusCode).toBe(400);
    expect(edited?.body).toContain("components[0].example.a.b");
    expect(world.ingress.recorder.unsafeKeys).toEqual([]);
  });

  it("answers headers over Node's size limit in Graph's error shape (431)", async () => {
    const response = await send("GET", `/v23.0/${"x".repeat(20_000)}/threads`, bearer(world.a1));
    expect(response?.statusCode).toBe(431);
    expect(graphErrorShapeProblem(response?.body ?? "")).toBeUndefined();
  });

  it("answers a malformed request line in Graph's error shape (400)", async () => {
    const response = await send("GET", "/v23.0/a b c/threads", bearer(world.a1));
    expect(response?.statusCode).toBe(400);
    expect(graphErrorShapeProblem(response?.body ?? "")).toBeUndefined();
  });

  it("answers a path that is not valid percent-encoding in Graph's error shape (400)", async () => {
    const response = await send("GET", `/v23.0/${world.a1.phoneNumberId}/customers/%ED%B0%80/export`, bearer(world.a1));
    expect(response?.statusCode).toBe(400);
    expect(graphErrorShapeProblem(response?.body ?? "")).toBeUndefined();
  });

  it("answers a path parameter over the router's length limit in Graph's error shape (400)", async () => {
    const response = await send("DELETE", `/v23.0/${"9".repeat(500)}`, bearer(world.a1));
    expect(response?.statusCode).toBe(400);
    expect(graphErrorShapeProblem(response?.body ?? "")).toBeUndefined();
  });
});
