// The public analytics stream's payload: JSON (not protobuf) so analysts can read it with any
// Kafka client, kcat or a SQL engine's Kafka connector without our contracts. Versioned twice:
// the topic name carries `v1` and every record carries `schema`; a breaking change gets a new
// topic. The JSON Schema is docs/schemas/message-volume.v1.schema.json, described in
// docs/analytics-stream.md. Fields are only ever added, never renamed or retyped, within v1.

export const MESSAGE_VOLUME_V1_SCHEMA = "switchboard.analytics.message-volume.v1";

export interface MessageVolumeV1 {
  schema: typeof MESSAGE_VOLUME_V1_SCHEMA;
  /** open: may still grow; closed: final (grace period over); correction: a late event changed a final bucket. */
  kind: "open" | "closed" | "correction";
  tenant_id: string;
  business_id: string;
  granularity: "minute";
  /** ISO-8601 UTC, inclusive. */
  bucket_start: string;
  /** ISO-8601 UTC, exclusive. */
  bucket_end: string;
  bucket_start_ms: number;
  /** True for the bucket of late events of this minute (they arrived after it was final). */
  late: boolean;
  dimensions: {
    phone_number_id: string;
    direction: string;
    message_type: string;
    pricing_category: string;
    hosting_mode: string;
    encryption_state: string;
    country_calling_code: string;
  };
  /** Absolute values; each only ever grows, so a reader keeps the highest per key and measure. */
  measures: Record<string, number>;
}

export const messageVolumeV1Codec = {
  contentType: "application/json",
  encode(message: MessageVolumeV1) {
    const bytes = new TextEncoder().encode(JSON.stringify(message));
    return { finish: () => bytes };
  },
  decode(input: Uint8Array): MessageVolumeV1 {
    const value = JSON.parse(new TextDecoder().decode(input)) as MessageVolumeV1;
    if (value.schema !== MESSAGE_VOLUME_V1_SCHEMA) throw new Error(`unexpected schema ${String(value.schema)}`);
    return value;
  },
};
