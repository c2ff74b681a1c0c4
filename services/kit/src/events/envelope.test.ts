import { describe, expect, it } from "vitest";
import { decodeEnvelope, EnvelopeError, encodeEnvelope } from "./envelope.ts";

describe("CloudEvents envelope in Kafka headers", () => {
  it("round-trips every attribute and carries the trace header", () => {
    const time = new Date("2026-01-02T03:04:05.000Z");
    const headers = encodeEnvelope(
      { id: "e1", type: "dev.switchboard.x.v1", source: "/switchboard/test", tenantId: "t1", time },
      { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
    );
    expect(headers.ce_specversion).toBe("1.0");
    expect(headers["content-type"]).toBe("application/protobuf");
    expect(headers.traceparent).toContain("0af7651916cd43dd8448eb211c80319c");
    expect(decodeEnvelope(headers)).toEqual({
      id: "e1",
      type: "dev.switchboard.x.v1",
      source: "/switchboard/test",
      tenantId: "t1",
      time,
    });
  });

  it("generates an id and a time when none is given", () => {
    const headers = encodeEnvelope({ type: "t", source: "s", tenantId: "x" }, {});
    expect(headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(headers.ce_time ?? ""))).toBe(false);
  });

  it("rejects a record without a tenant", () => {
    const headers = encodeEnvelope({ type: "t", source: "s", tenantId: "x" }, {});
    delete headers.ce_tenantid;
    expect(() => decodeEnvelope(headers)).toThrow(EnvelopeError);
  });
});
