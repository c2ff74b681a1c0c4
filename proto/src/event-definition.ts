// The shape every Kafka event of the platform is declared with: its CloudEvents `type`, its topic
// and the protobuf codec of its data. The event bus is generic over this, so publishing an event
// with the wrong payload or to the wrong topic does not type-check.

export interface PayloadCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  /** The `content-type` header of the encoded data; protobuf when absent. */
  readonly contentType?: string;
}

export interface EventDefinition<T> {
  /** CloudEvents `type`, reverse-DNS and versioned, e.g. `dev.switchboard.message.inbound.v1`. */
  readonly type: string;
  readonly topic: string;
  readonly codec: PayloadCodec<T>;
}

export function defineEvent<T>(type: string, topic: string, codec: PayloadCodec<T>): EventDefinition<T> {
  return { type, topic, codec };
}

/** The payload type carried by an event definition. */
export type EventPayload<D> = D extends EventDefinition<infer T> ? T : never;
