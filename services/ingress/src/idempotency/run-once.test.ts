import { describe, expect, it } from "vitest";
import { createInMemoryIdempotencyStore } from "../../test/support/in-memory-idempotency-store.ts";
import { GraphError } from "../graph/graph-error.ts";
import { invalidParameterValue, serviceUnavailable } from "../graph/graph-errors.ts";
import { type RunOnceOptions, runOnce } from "./run-once.ts";

function setup() {
  const store = createInMemoryIdempotencyStore();
  let next = 0;
  const calls: string[] = [];
  const options = (key: string | undefined, fingerprint = "f1", tenantId = "t1"): RunOnceOptions => ({
    store,
    scope: { tenantId, businessId: "b1", phoneNumberId: "p1" },
    key,
    fingerprint,
    newMessageId: () => `wamid.m${++next}`,
    waitMs: 100,
    pollMs: 5,
  });
  const work = async (messageId: string) => {
    calls.push(messageId);
    return { statusCode: 200, body: { id: messageId } };
  };
  return { store, options, work, calls };
}

async function graphError(promise: Promise<unknown>): Promise<GraphError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof GraphError) return error;
  throw new Error(`expected a GraphError, got ${String(error)}`);
}

describe("runOnce", () => {
  it("runs every time without a key", async () => {
    const { options, work, calls } = setup();
    await runOnce(options(undefined), work);
    await runOnce(options(undefined), work);
    expect(calls).toHaveLength(2);
  });

  it("answers a retry with the first response and does the work once", async () => {
    const { options, work, calls } = setup();
    const first = await runOnce(options("k"), work);
    const second = await runOnce(options("k"), work);
    expect(second).toEqual(first);
    expect(calls).toEqual(["wamid.m1"]);
  });

  it("refuses the same key with another body (422) and scopes keys by tenant", async () => {
    const { options, work, calls } = setup();
    await runOnce(options("k"), work);
    expect((await graphError(runOnce(options("k", "f2"), work))).httpStatus).toBe(422);
    await runOnce(options("k", "f2", "t2"), work);
    expect(calls).toHaveLength(2);
  });

  it("lets a concurrent duplicate wait for the first answer", async () => {
    const { options, calls } = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = async (messageId: string) => {
      calls.push(messageId);
      await gate;
      return { statusCode: 200, body: { id: messageId } };
    };
    const first = runOnce(options("k"), slow);
    const second = runOnce(options("k"), slow);
    setTimeout(release, 20);
    expect(await second).toEqual(await first);
    expect(calls).toHaveLength(1);
  });

  it("answers 409 when the first request is still running after the wait", async () => {
    const { options } = setup();
    const never = () => new Promise<never>(() => {});
    void runOnce(options("k"), never);
    expect((await graphError(runOnce(options("k"), never))).httpStatus).toBe(409);
  });

  it("releases the key after a refusal so a retry is judged afresh", async () => {
    const { options, work, calls, store } = setup();
    await graphError(
      runOnce(options("k"), async () => {
        throw invalidParameterValue("no");
      }),
    );
    expect(store.size).toBe(0);
    await runOnce(options("k"), work);
    expect(calls).toHaveLength(1);
  });

  it("after a failure lets the retry take over under the same message id", async () => {
    const { options, work, calls } = setup();
    await graphError(
      runOnce(options("k"), async () => {
        throw serviceUnavailable();
      }),
    );
    const retried = await runOnce(options("k"), work);
    expect(retried.body).toEqual({ id: "wamid.m1" });
    expect(calls).toEqual(["wamid.m1"]);
  });
});
