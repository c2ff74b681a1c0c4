// The event envelope in Kafka headers, following CloudEvents' Kafka protocol binding in binary
// content mode: `ce_`-prefixed attributes, `content-type` for the data, W3C `traceparent` for the
// trace. The value is the protobuf-encoded data. Pure functions: no I/O here.
import { randomUUID } from "node:crypto";

export const SPEC_VERSION = "1.0";
export const PROTOBUF_CONTENT_TYPE = "application/protobuf";

export interface Envelope {
  id: string;
  type: string;
  source: string;
  time: Date;
  tenantId: string;
}

export type Headers = Record<string, string>;

export function encodeEnvelope(
  fields: Omit<Envelope, "id" | "time"> & Partial<Pick<Envelope, "id" | "time">> & { contentType?: string },
  traceHeaders: Headers,
): Headers {
  return {
    ce_specversion: SPEC_VERSION,
    ce_id: fields.id ?? randomUUID(),
    ce_type: fields.type,
    ce_source: fields.source,
    ce_time: (fields.time ?? new Date()).toISOString(),
    // CloudEvents extension attribute; names are lower-case alphanumerics by the spec.
    ce_tenantid: fields.tenantId,
    "content-type": fields.contentType ?? PROTOBUF_CONTENT_TYPE,
    ...traceHeaders,
  };
}

export class EnvelopeError extends Error {
  override readonly name = "EnvelopeError";
}

/** Reads the envelope back; throws EnvelopeError when a required attribute is missing. */
export function decodeEnvelope(headers: Readonly<Record<string, string | undefined>>): Envelope {
  const required = (name: string): string => {
    const value = headers[name];
    if (!value) throw new EnvelopeError(`event header ${name} is missing`);
    return value;
  };
  if (required("ce_specversion") !== SPEC_VERSION) throw new EnvelopeError("unsupported ce_specversion");
  const time = new Date(required("ce_time"));
  if (Number.isNaN(time.getTime())) throw new EnvelopeError("ce_time is not a timestamp");
  return {
    id: required("ce_id"),
    type: required("ce_type"),
    source: required("ce_source"),
    time,
    tenantId: required("ce_tenantid"),
  };
}
