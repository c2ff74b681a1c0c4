// What happens to one consumed record, shared by every EventBus adapter: decode the envelope and
// data, run the registered handler with retries and exponential backoff, and when it keeps failing
// (or the record cannot be decoded at all) hand it to the dead-letter sink. A record is never
// dropped: if even the dead-letter sink fails, the error propagates and the adapter redelivers.
import { SpanKind } from "@opentelemetry/api";
import type { Logger } from "pino";
import { contextFromHeaders, withSpan } from "../telemetry/tracing.ts";
import { decodeEnvelope } from "./envelope.ts";
import type { ReceivedEvent } from "./event-bus.ts";
import type { EventHandlers } from "./event-handlers.ts";

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

export interface DeadLetter {
  record: ConsumedRecord;
  error: string;
  attempts: number;
}

export interface DispatchOptions {
  handlers: EventHandlers;
  maxAttempts: number;
  retryBackoffMs: number;
  /** The topic name without the deployment prefix, as event definitions know it. */
  logicalTopic: string;
  deadLetter: (letter: DeadLetter) => Promise<void>;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export type DispatchOutcome = "handled" | "skipped" | "dead-lettered";

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function dispatchRecord(record: ConsumedRecord, options: DispatchOptions): Promise<DispatchOutcome> {
  let received: ReceivedEvent<unknown>;
  let handle: (event: ReceivedEvent<unknown>) => Promise<void>;
  try {
    const envelope = decodeEnvelope(record.headers);
    const registration = options.handlers.get(envelope.type);
    if (!registration) return "skipped";
    handle = registration.handle;
    received = {
      ...envelope,
      key: record.key,
      data: registration.definition.codec.decode(record.value),
      topic: options.logicalTopic,
      partition: record.partition,
      offset: record.offset,
    };
  } catch (error) {
    // A record we cannot even decode will never succeed: park it without retrying.
    await options.deadLetter({ record, error: describe(error), attempts: 0 });
    return "dead-lettered";
  }

  const sleep = options.sleep ?? defaultSleep;
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    try {
      await withSpan(
        `process ${options.logicalTopic}`,
        {
          kind: SpanKind.CONSUMER,
          parent: contextFromHeaders(record.headers),
          attributes: {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": record.topic,
            "messaging.message.id": received.id,
            "cloudevents.event_type": received.type,
            "switchboard.attempt": attempt,
          },
        },
        () => handle(received),
      );
      return "handled";
    } catch (error) {
      lastError = error;
      options.logger.warn({ err: error, eventId: received.id, type: received.type, attempt }, "event handler failed");
      if (attempt < options.maxAttempts) await sleep(options.retryBackoffMs * 2 ** (attempt - 1));
    }
  }
  await options.deadLetter({ record, error: describe(lastError), attempts: options.maxAttempts });
  options.logger.error({ eventId: received.id, type: received.type }, "event parked on dead-letter topic");
  return "dead-lettered";
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
