// An event as a handler receives it: the envelope, the decoded data and where it was read from.
// Its own module so the bus port (event-bus.ts) and the handler registry (event-handlers.ts) can
// both depend on it without depending on each other. Types only: nothing runs here.

export interface ReceivedEvent<T> {
  id: string;
  type: string;
  source: string;
  time: Date;
  tenantId: string;
  key: string;
  data: T;
  topic: string;
  partition: number;
  offset: string;
  /** The trace context of this event's consumer span, for events published because of it. */
  traceHeaders: Record<string, string>;
}
