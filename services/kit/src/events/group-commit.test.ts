import { describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit.ts";
import { splitByBytes } from "./split-by-bytes.ts";

describe("group commit", () => {
  it("sends calls that arrive during a request together in the next one", async () => {
    const requests: number[][] = [];
    let release: () => void = () => {};
    const commit = createGroupCommit<number>(async (items) => {
      requests.push(items);
      if (requests.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = commit.submit([1]);
    const rest = [commit.submit([2]), commit.submit([3, 4])];
    release();
    await Promise.all([first, ...rest]);
    expect(requests).toEqual([[1], [2, 3, 4]]);
  });

  it("rejects every caller whose records rode in a failed request, and only them", async () => {
    let calls = 0;
    const commit = createGroupCommit<string>(async () => {
      calls++;
      if (calls === 1) throw new Error("broker down");
    });
    const failed = commit.submit(["a"]);
    await expect(failed).rejects.toThrow("broker down");
    await expect(commit.submit(["b"])).resolves.toBeUndefined();
  });

  it("caps the records per request", async () => {
    const sizes: number[] = [];
    let release: () => void = () => {};
    const commit = createGroupCommit<number>(async (items) => {
      sizes.push(items.length);
      if (sizes.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 3);
    const pending = [commit.submit([0]), commit.submit([1, 2]), commit.submit([3, 4]), commit.submit([5])];
    release();
    await Promise.all(pending);
    expect(sizes).toEqual([1, 2, 3]);
  });

  it("never sends a call whose deadline passed while it was queued, and rejects it unavailable", async () => {
    const sent: string[][] = [];
    let release: () => void = () => {};
    const commit = createGroupCommit<string>(async (items) => {
      sent.push(items);
      if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const inFlight = commit.submit(["first"], { timeoutMs: 5 });
    const queued = commit.submit(["late"], { timeoutMs: 5 });
    await expect(queued).rejects.toMatchObject({ code: "unavailable" });
    release();
    // The call already handed to the producer answers with the producer's outcome, not the deadline.
    await expect(inFlight).resolves.toBeUndefined();
    await commit.submit(["after"]);
    expect(sent).toEqual([["first"], ["after"]]);
  });

  it("refuses a call at once when the queue is full, without queueing it", async () => {
    const sent: number[][] = [];
    let release: () => void = () => {};
    const commit = createGroupCommit<number>(
      async (items) => {
        sent.push(items);
        if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      { maxQueuedItems: 2 },
    );
    const first = commit.submit([1]);
    const second = commit.submit([2, 3]);
    await expect(commit.submit([4])).rejects.toMatchObject({ code: "unavailable" });
    release();
    await Promise.all([first, second]);
    expect(sent).toEqual([[1], [2, 3]]);
  });

  it("fails only the call whose records the broker refused when calls shared a request", async () => {
    let release: () => void = () => {};
    let calls = 0;
    const commit = createGroupCommit<string>(async (items) => {
      calls++;
      if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
      // kafkajs names the broker's refusal in the error's `type`.
      if (items.includes("huge")) throw Object.assign(new Error("MESSAGE_TOO_LARGE"), { type: "MESSAGE_TOO_LARGE" });
    });
    const first = commit.submit(["a"]);
    const good = commit.submit(["b"]);
    const bad = commit.submit(["huge"]);
    release();
    await first;
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow("MESSAGE_TOO_LARGE");
  });
});

describe("group commit when the broker is away", () => {
  it("fails every call of the request at once, without sending each again alone", async () => {
    let calls = 0;
    let release: () => void = () => {};
    const commit = createGroupCommit<string>(async () => {
      calls++;
      if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
      throw Object.assign(new Error("Connection error"), { name: "KafkaJSConnectionError" });
    });
    const first = commit.submit(["a"]).catch((e: Error) => e.message);
    const rest = [commit.submit(["b"]), commit.submit(["c"])].map((p) => p.catch((e: Error) => e.message));
    release();
    expect(await Promise.all([first, ...rest])).toEqual(["Connection error", "Connection error", "Connection error"]);
    // One request for "a", one for "b" and "c" together: nothing retried call by call.
    expect(calls).toBe(2);
  });
});

describe("produce requests split by size", () => {
  it("keeps each request under the byte limit, in order, and never drops a record", async () => {
    const records = Array.from({ length: 10 }, (_, i) => ({
      message: { key: `k${i}`, value: Buffer.alloc(300), headers: { ce_id: `id-${i}` } },
    }));
    const requests = splitByBytes(records, 1_000);
    expect(requests.flat()).toEqual(records);
    expect(requests.length).toBeGreaterThan(3);
    for (const request of requests) expect(request.length).toBeLessThanOrEqual(2);
  });
});
