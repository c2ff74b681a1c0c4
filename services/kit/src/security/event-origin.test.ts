import { describe, expect, it } from "vitest";
import { encodeEnvelope } from "../events/envelope.ts";
import { ORIGIN_HEADER, originProblem, type SignedRecord, signEventOrigin } from "./event-origin.ts";
import { parseKeyRing } from "./key-ring.ts";

const secret = (fill: string) => Buffer.alloc(32, fill).toString("base64");
const ring = parseKeyRing(`k1:${secret("a")}`);
const record = (): SignedRecord & { headers: Record<string, string> } => ({
  key: "thread-1",
  value: Buffer.from("payload"),
  headers: encodeEnvelope(
    { type: "dev.switchboard.message.outbound.ready-to-send.v1", source: "/switchboard/conversation", tenantId: "t1" },
    {},
  ),
});
const signed = () => {
  const r = record();
  r.headers[ORIGIN_HEADER] = signEventOrigin(ring, r);
  return r;
};

describe("event proof of origin", () => {
  it("accepts what the key ring signed", () => {
    expect(originProblem(ring, signed())).toBeUndefined();
  });

  it("refuses an unsigned record, one signed by another key, and any change after signing", () => {
    expect(originProblem(ring, record())).toBe("event has no proof of origin");
    const stranger = record();
    stranger.headers[ORIGIN_HEADER] = signEventOrigin(parseKeyRing(`k1:${secret("z")}`), stranger);
    expect(originProblem(ring, stranger)).toBe("forged proof of origin");
    const otherTenant = signed();
    otherTenant.headers.ce_tenantid = "t2";
    expect(originProblem(ring, otherTenant)).toBe("forged proof of origin");
    const otherPayload = { ...signed(), value: Buffer.from("payloae") };
    expect(originProblem(ring, otherPayload)).toBe("forged proof of origin");
    const otherKey = { ...signed(), key: "thread-2" };
    expect(originProblem(ring, otherKey)).toBe("forged proof of origin");
    const garbage = record();
    garbage.headers[ORIGIN_HEADER] = "v1.k1";
    expect(originProblem(ring, garbage)).toBe("malformed proof of origin");
  });

  it("verifies during a rotation with the previous key still listed", () => {
    const next = parseKeyRing(`k2:${secret("b")},k1:${secret("a")}`);
    expect(originProblem(next, signed())).toBeUndefined();
  });
});
