import { createHttpServer, createLogger } from "@switchboard/kit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeCallerDirectory } from "../../test/support/fake-caller-directory.ts";
import { createFakeConversationReader, type StoredThread } from "../../test/support/fake-conversation-reader.ts";
import { aMessage, anEntry, aThread, BSP, CLOUD, ON_PREMISES, threadIdFor } from "../../test/support/read-fixtures.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { hashAccessToken } from "../tenancy/access-token.ts";
import { registerReadRoutes } from "./read-routes.ts";

const A = { tenantId: "tenant-a", businessId: "200000000000001" };
const A2 = { tenantId: "tenant-a", businessId: "200000000000009" };
const B = { tenantId: "tenant-b", businessId: "200000000000002" };
const NUMBER_A = "100000000000001";
const OTHER_NUMBER_A = "100000000000002";
const NUMBER_A2 = "100000000000009";
const NUMBER_B = "100000000000003";
const WAMID = "wamid.HBgLMTY1MDU1NTAxMjMVAgASGBQz+/=";

const stored = (owner: typeof A, n: number, phoneNumberId: string, hosting = CLOUD): StoredThread => {
  const threadId = threadIdFor(n);
  return {
    owner,
    thread: aThread({ threadId, phoneNumberId, hosting, updatedAtMs: n * 1_000_000, windowOpen: n % 2 === 0 }),
    history: [anEntry({ changeId: "initial", atMs: 1, to: hosting })],
    messages: [1, 2, 3].map((i) =>
      aMessage({ messageId: `wamid.m${n}-${i}`, threadId, createdAtMs: i * 1000, hosting }),
    ),
  };
};

describe("read routes (in-memory reader)", () => {
  let app: FastifyInstance;
  const threads = [
    stored(A, 1, NUMBER_A, ON_PREMISES),
    stored(A, 2, NUMBER_A),
    stored(A, 3, NUMBER_A, BSP),
    stored(A, 4, NUMBER_A),
    stored(A, 5, OTHER_NUMBER_A),
    stored(A2, 6, NUMBER_A2),
    stored(B, 7, NUMBER_B),
  ];
  threads[0]?.messages.push(aMessage({ messageId: WAMID, threadId: threadIdFor(1) }));
  const reader = createFakeConversationReader(threads);
  const callers = createFakeCallerDirectory(
    { [hashAccessToken("token-a")]: A, [hashAccessToken("token-a2")]: A2, [hashAccessToken("token-b")]: B },
    [
      { ...A, phoneNumberId: NUMBER_A },
      { ...A, phoneNumberId: OTHER_NUMBER_A },
      { ...A2, phoneNumberId: NUMBER_A2 },
      { ...B, phoneNumberId: NUMBER_B },
    ],
  );
  const get = (url: string, token = "token-a") =>
    app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
  const errorOf = (response: LightMyRequestResponse) =>
    (response.json() as { error: { code: number; error_subcode?: number } }).error;
  const ids = (response: LightMyRequestResponse) =>
    (response.json() as { data: { id: string }[] }).data.map((d) => d.id);

  beforeAll(async () => {
    app = createHttpServer({
      logger: createLogger({ service: "read-test", level: "silent" }),
      bodyLimitBytes: 1024,
      readinessChecks: {},
    });
    registerGraphErrorHandling(app);
    registerReadRoutes(app, { callers, reader });
    await app.ready();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    reader.calls.length = 0;
  });

  it("lists a number's threads with their hosting label, page by page through paging.next", async () => {
    const seen: string[] = [];
    let url: string | undefined = `/v23.0/${NUMBER_A}/threads?limit=3`;
    while (url) {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      const body = response.json() as {
        data: { id: string }[];
        paging: { cursors: { after?: string }; next?: string };
      };
      seen.push(...body.data.map((d) => d.id));
      if (body.paging.next) {
        const next = new URL(body.paging.next);
        expect(next.searchParams.get("after")).toBe(body.paging.cursors.after);
        expect(next.searchParams.get("limit")).toBe("3");
        url = `${next.pathname}${next.search}`;
      } else url = undefined;
    }
    expect(seen).toEqual([1, 2, 3, 4].map(threadIdFor));
    const first = (await get(`/v23.0/${NUMBER_A}/threads?limit=1`)).json() as { data: { hosting: unknown }[] };
    expect(first.data[0]?.hosting).toMatchObject({ hosting_mode: "on_premises", encryption_state: "end_to_end" });
  });

  it("passes filters through and keeps them in the next link", async () => {
    const response = await get(`/v23.0/${NUMBER_A}/threads?hosting_mode=cloud&window_open=true&limit=1`);
    expect(ids(response)).toEqual([threadIdFor(2)]);
    const next = (response.json() as { paging: { next: string } }).paging.next;
    expect(new URL(next).searchParams.get("hosting_mode")).toBe("cloud");
    expect(next).not.toContain("token");
    expect(ids(await get(`/v23.0/${NUMBER_A}/threads?encryption_state=end_to_end`))).toEqual([threadIdFor(1)]);
    expect(ids(await get(`/v23.0/${NUMBER_A}/threads?updated_since=3000`))).toEqual([3, 4].map(threadIdFor));
  });

  it("returns one thread with its hosting history, and its messages", async () => {
    const thread = await get(`/v23.0/${NUMBER_A}/threads/${threadIdFor(3)}`);
    expect(thread.json()).toMatchObject({ id: threadIdFor(3), hosting_history: [{ change_id: "initial" }] });
    const messages = await get(`/v23.0/${NUMBER_A}/threads/${threadIdFor(3)}/messages?limit=2`);
    expect(ids(messages)).toEqual(["wamid.m3-1", "wamid.m3-2"]);
    expect((messages.json() as { data: { hosting: { hosting_mode: string } }[] }).data[0]?.hosting.hosting_mode).toBe(
      "bsp",
    );
  });

  it("answers the audit trail of the caller's own message, whatever its id characters", async () => {
    const response = await get(`/v23.0/messages/${encodeURIComponent(WAMID)}/audit`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: WAMID, readable_by: ["business", "meta"] });
  });

  it("answers 100/33 for another number, business or tenant, without reading its data", async () => {
    const foreign = [
      // The number of another business of the same tenant, and of another tenant.
      [`/v23.0/${NUMBER_A2}/threads`, "token-a"],
      [`/v23.0/${NUMBER_B}/threads`, "token-a"],
      [`/v23.0/${NUMBER_A}/threads`, "token-b"],
      [`/v23.0/${NUMBER_A}/threads/${threadIdFor(1)}`, "token-b"],
      [`/v23.0/${NUMBER_A}/threads/${threadIdFor(1)}/messages`, "token-a2"],
    ];
    for (const [url, token] of foreign) {
      const response = await get(url ?? "", token);
      expect(errorOf(response), url).toMatchObject({ code: 100, error_subcode: 33 });
    }
    expect(reader.calls).toEqual([]);
    // A thread of another number of the same business, or of another tenant behind an own number.
    for (const url of [
      `/v23.0/${NUMBER_A}/threads/${threadIdFor(5)}`,
      `/v23.0/${NUMBER_A}/threads/${threadIdFor(5)}/messages`,
      `/v23.0/${NUMBER_A}/threads/${threadIdFor(7)}/messages`,
      "/v23.0/messages/wamid.m7-1/audit",
    ]) {
      expect(errorOf(await get(url)), url).toMatchObject({ code: 100, error_subcode: 33 });
    }
    expect(reader.calls.filter((c) => c.startsWith("listMessages"))).toEqual([]);
  });

  it.each([
    ["/v23.0/12ab/threads", 33],
    ["/23.0/100000000000001/threads", 33],
    [`/v23.0/${NUMBER_A}/threads/th_zz`, 33],
    [`/v23.0/${NUMBER_A}/threads/${threadIdFor(1).toUpperCase()}/messages`, 33],
    ["/v23.0/messages/not-a-wamid/audit", 33],
    [`/v23.0/${NUMBER_A}/threads?limit=0`, undefined],
    [`/v23.0/${NUMBER_A}/threads?limit=101`, undefined],
    [`/v23.0/${NUMBER_A}/threads?hosting_mode=meta`, undefined],
    [`/v23.0/${NUMBER_A}/threads?window_open=yes`, undefined],
    [`/v23.0/${NUMBER_A}/threads?updated_since=yesterday`, undefined],
    [`/v23.0/${NUMBER_A}/threads?after=%24%24`, undefined],
    [`/v23.0/${NUMBER_A}/threads?sort=desc`, undefined],
    [`/v23.0/${NUMBER_A}/threads/${threadIdFor(1)}?limit=5`, undefined],
    [`/v23.0/${NUMBER_A}/threads/${threadIdFor(1)}/messages?hosting_mode=cloud`, undefined],
  ])("refuses %s with error 100 before the reader is asked", async (url, subcode) => {
    const error = errorOf(await get(url));
    expect(error.code).toBe(100);
    expect(error.error_subcode).toBe(subcode);
    expect(reader.calls).toEqual([]);
  });

  it("asks for the token first (190) and reads nothing without one", async () => {
    const response = await app.inject({ method: "GET", url: `/v23.0/${NUMBER_A}/threads` });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe(190);
    expect(errorOf(await get("/v23.0/messages/wamid.m1-1/audit", "wrong-token")).code).toBe(190);
    expect(reader.calls).toEqual([]);
  });
});
