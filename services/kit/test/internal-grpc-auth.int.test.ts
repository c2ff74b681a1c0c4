// Internal gRPC authentication on a real grpc-js server in-process: a call reaches its handler
// only with a genuine, unexpired scope token minted by a channel of ours; plain tenant headers,
// forged, expired or missing tokens are refused UNAUTHENTICATED on unary and streaming methods
// alike; an empty business is never the whole tenant; reflection is served only when configured;
// and with mutual TLS, only a client with a certificate from the platform's CA gets through.
import {
  Client,
  credentials,
  Metadata,
  type ServiceError,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import {
  AnalyticsServiceClient,
  AnalyticsServiceService,
  type VolumeChange,
} from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callUnary } from "../src/grpc/call-unary.ts";
import { type RunningGrpcServer, startGrpcServer } from "../src/grpc/grpc-server.ts";
import { type InternalCallAuth, openInternalClient } from "../src/grpc/internal-channel.ts";
import { readInternalTls } from "../src/grpc/internal-tls.ts";
import { streamHandler } from "../src/grpc/stream-handler.ts";
import { SCOPE_TOKEN_METADATA_KEY, type TenantScope } from "../src/grpc/tenant-scope.ts";
import { unaryHandler } from "../src/grpc/unary-handler.ts";
import { parseKeyRing } from "../src/security/key-ring.ts";
import { signScopeToken } from "../src/security/scope-token.ts";
import { makeTestCertificates, type TestCertificates } from "./support/test-certificates.ts";

const logger = pino({ level: "silent" });
const secret = (fill: string) => Buffer.alloc(32, fill).toString("base64");
const keys = parseKeyRing(`k1:${secret("a")}`);
const ingress: InternalCallAuth = { keys, caller: "ingress" };
const scope: TenantScope = { tenantId: "tenant-a", businessId: "biz-1" };

/** Records the scope every handler ran with: a refused call must leave no trace here. */
function recordingService(seen: TenantScope[]): UntypedServiceImplementation {
  return {
    getMessageVolume: unaryHandler(logger, async (_request, callScope) => {
      seen.push(callScope);
      return { buckets: [], totalInbound: 1, totalOutbound: 0 };
    }),
    watchVolumes: streamHandler<unknown, VolumeChange>(logger, async (_request, callScope) => {
      seen.push(callScope);
    }),
  };
}

async function serve(seen: TenantScope[], security: Parameters<typeof startGrpcServer>[0]["security"]) {
  return startGrpcServer({
    host: "127.0.0.1",
    port: 0,
    security,
    services: [
      {
        name: "switchboard.analytics.v1.AnalyticsService",
        definition: AnalyticsServiceService,
        implementation: recordingService(seen),
      },
    ],
  });
}

const volume = (client: AnalyticsServiceClient, callScope: TenantScope) =>
  callUnary(
    "GetMessageVolume",
    client.getMessageVolume.bind(client),
    { phoneNumberId: "", fromMs: 0, toMs: 1 },
    { scope: callScope },
  );

/** A unary call with hand-written metadata, bypassing every signing channel. */
function rawCall(client: AnalyticsServiceClient, entries: Record<string, string>): Promise<ServiceError | null> {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(entries)) metadata.set(k, v);
  return new Promise((resolve) =>
    client.getMessageVolume({ phoneNumberId: "", fromMs: 0, toMs: 1 }, metadata, (e) => resolve(e)),
  );
}

function streamOutcome(client: AnalyticsServiceClient, metadata: Metadata): Promise<number> {
  return new Promise((resolve) => {
    const call = client.watchVolumes({ filters: [] }, metadata);
    call.on("data", () => undefined);
    call.on("error", (error: ServiceError) => resolve(error.code));
    call.on("end", () => resolve(status.OK));
  });
}

describe("internal gRPC calls", () => {
  const seen: TenantScope[] = [];
  let server: RunningGrpcServer;
  let address = "";
  let signed: AnalyticsServiceClient;
  let plain: AnalyticsServiceClient;

  beforeAll(async () => {
    server = await serve(seen, { keys, reflection: true });
    address = `127.0.0.1:${server.port}`;
    signed = openInternalClient(AnalyticsServiceClient, address, ingress);
    plain = new AnalyticsServiceClient(address, credentials.createInsecure());
  });
  afterAll(async () => {
    signed?.close();
    plain?.close();
    await server?.drain(1_000);
  });

  it("runs the handler with the scope a channel of ours signed", async () => {
    seen.length = 0;
    expect((await volume(signed, scope)).totalInbound).toBe(1);
    expect(seen).toEqual([scope]);
  });

  it("refuses plain tenant headers, a missing token and a forged or expired one before any handler", async () => {
    seen.length = 0;
    const headers = await rawCall(plain, { "x-switchboard-tenant": "tenant-a", "x-switchboard-business": "biz-1" });
    expect(headers?.code).toBe(status.UNAUTHENTICATED);
    expect((await rawCall(plain, {}))?.code).toBe(status.UNAUTHENTICATED);

    const forger = openInternalClient(AnalyticsServiceClient, address, {
      keys: parseKeyRing(`k1:${secret("z")}`),
      caller: "x",
    });
    await expect(volume(forger, scope)).rejects.toMatchObject({ code: "unauthenticated" });
    forger.close();
    const stale = openInternalClient(AnalyticsServiceClient, address, {
      ...ingress,
      now: () => Date.now() - 10 * 60_000,
    });
    await expect(volume(stale, scope)).rejects.toMatchObject({ code: "unauthenticated" });
    stale.close();
    const claims = { ...scope, allBusinesses: false, caller: "ingress", expiresAtMs: Date.now() + 30_000 };
    const token = signScopeToken(keys, claims);
    const [v, kid, , sig] = token.split(".");
    const victim = Buffer.from(JSON.stringify({ t: "tenant-b", b: "biz-1", c: "ingress", exp: claims.expiresAtMs }));
    const tampered = [v, kid, victim.toString("base64url"), sig].join(".");
    expect((await rawCall(plain, { [SCOPE_TOKEN_METADATA_KEY]: tampered }))?.code).toBe(status.UNAUTHENTICATED);
    // The genuine token, sent by hand, is accepted: what counts is the signature, not the channel.
    expect(await rawCall(plain, { [SCOPE_TOKEN_METADATA_KEY]: token })).toBeNull();
    expect(seen).toEqual([scope]);
  });

  it("guards streaming methods the same way", async () => {
    seen.length = 0;
    const headers = new Metadata();
    headers.set("x-switchboard-tenant", "tenant-a");
    headers.set("x-switchboard-business", "biz-1");
    expect(await streamOutcome(plain, headers)).toBe(status.UNAUTHENTICATED);
    expect(seen).toEqual([]);
    const asked = new Metadata();
    asked.set("x-switchboard-tenant", "tenant-a");
    asked.set("x-switchboard-business", "biz-1");
    expect(await streamOutcome(signed, asked)).toBe(status.OK);
    expect(seen).toEqual([scope]);
  });

  it("never widens an empty business to the whole tenant unless the scope says so", async () => {
    seen.length = 0;
    await expect(volume(signed, { tenantId: "tenant-a", businessId: "" })).rejects.toMatchObject({
      code: "unauthenticated",
    });
    const wide = { tenantId: "tenant-a", businessId: "", allBusinesses: true };
    await volume(signed, wide);
    expect(seen).toEqual([wide]);
  });

  it("serves reflection only when configured", async () => {
    const quiet = await serve([], { keys, reflection: false });
    try {
      expect(await listServices(`127.0.0.1:${quiet.port}`)).toBe(status.UNIMPLEMENTED);
      expect(await listServices(address)).toBe(status.OK);
    } finally {
      await quiet.drain(1_000);
    }
  });
});

describe("internal gRPC over mutual TLS", () => {
  let certificates: TestCertificates;
  let server: RunningGrpcServer;
  let address = "";
  const seen: TenantScope[] = [];

  beforeAll(async () => {
    certificates = makeTestCertificates();
    // From the files, as a service reads GRPC_TLS_CA / GRPC_TLS_CERT / GRPC_TLS_KEY at boot.
    server = await serve(seen, { keys, tls: readInternalTls(certificates.files), reflection: false });
    address = `localhost:${server.port}`;
  });
  afterAll(async () => {
    await server?.drain(1_000);
    certificates?.remove();
  });

  it("accepts a client certificate from the platform's CA only", async () => {
    const trusted = openInternalClient(AnalyticsServiceClient, address, { ...ingress, tls: certificates.client });
    expect((await volume(trusted, scope)).totalInbound).toBe(1);
    trusted.close();

    const plaintext = openInternalClient(AnalyticsServiceClient, address, ingress);
    const noCertificate = new AnalyticsServiceClient(address, credentials.createSsl(certificates.server.ca), {
      interceptors: [],
    });
    const stranger = openInternalClient(AnalyticsServiceClient, address, { ...ingress, tls: certificates.stranger });
    for (const client of [plaintext, noCertificate, stranger]) {
      await expect(
        callUnary(
          "GetMessageVolume",
          client.getMessageVolume.bind(client),
          { phoneNumberId: "", fromMs: 0, toMs: 1 },
          {
            scope,
            timeoutMs: 3_000,
          },
        ),
      ).rejects.toMatchObject({ code: expect.stringMatching(/unavailable|deadline_exceeded/) });
      client.close();
    }
    expect(seen).toEqual([scope]);
  });
});

/** Asks grpc.reflection.v1 to list services: OK when served, UNIMPLEMENTED when not. */
function listServices(address: string): Promise<number> {
  const client = new Client(address, credentials.createInsecure());
  // ServerReflectionRequest { list_services = 7: "" }, hand-encoded.
  const listRequest = Buffer.from([0x3a, 0x00]);
  return new Promise((resolve) => {
    const call = client.makeBidiStreamRequest(
      "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
      (b: Buffer) => b,
      (b: Buffer) => b,
    );
    call.on("data", () => {
      call.end();
    });
    call.on("error", (error: ServiceError) => {
      client.close();
      resolve(error.code);
    });
    call.on("end", () => {
      client.close();
      resolve(status.OK);
    });
    call.write(listRequest);
  });
}
