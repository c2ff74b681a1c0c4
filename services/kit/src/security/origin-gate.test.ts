import { describe, expect, it } from "vitest";
import { encodeEnvelope } from "../events/envelope.ts";
import type { ConsumedRecord } from "../events/event-dispatcher.ts";
import { ORIGIN_HEADER, signEventOrigin } from "./event-origin.ts";
import { parseKeyRing } from "./key-ring.ts";
import { dispatchProvenRecords } from "./origin-gate.ts";

const ring = parseKeyRing(`k1:${Buffer.alloc(32, "a").toString("base64")}`);
const HANDLED = "dev.switchboard.message.outbound.ready-to-send.v1";

function record(offset: number, options: { signed: boolean; type?: string }): ConsumedRecord {
  const headers = encodeEnvelope({ type: options.type ?? HANDLED, source: "/switchboard/x", tenantId: "t1" }, {});
  const r = { topic: "t", partition: 0, offset: String(offset), key: "k", value: Buffer.from([offset]), headers };
  if (options.signed) r.headers[ORIGIN_HEADER] = signEventOrigin(ring, r);
  return r;
}

function gate(records: ConsumedRecord[], stopAfter = Number.POSITIVE_INFINITY) {
  const dispatched: string[] = [];
  const rejected: string[] = [];
  const done = dispatchProvenRecords(records, {
    keys: ring,
    handles: (type) => type === HANDLED,
    dispatch: async (run) => {
      const taken = run.slice(0, Math.max(0, stopAfter - dispatched.length));
      dispatched.push(...taken.map((r) => r.offset));
      return taken.at(-1)?.offset;
    },
    reject: async (r) => void rejected.push(r.offset),
  });
  return done.then((lastDone) => ({ lastDone, dispatched, rejected }));
}

describe("origin gate", () => {
  it("parks unproven records of handled types in place and dispatches the rest in order", async () => {
    const records = [
      record(0, { signed: true }),
      record(1, { signed: false }),
      record(2, { signed: true }),
      record(3, { signed: false, type: "dev.switchboard.other.v1" }),
      record(4, { signed: false }),
    ];
    expect(await gate(records)).toEqual({ lastDone: "4", dispatched: ["0", "2", "3"], rejected: ["1", "4"] });
  });

  it("marks nothing done past a run the dispatcher stopped early", async () => {
    const records = [record(0, { signed: true }), record(1, { signed: true }), record(2, { signed: false })];
    expect(await gate(records, 1)).toEqual({ lastDone: "0", dispatched: ["0"], rejected: [] });
  });
});
