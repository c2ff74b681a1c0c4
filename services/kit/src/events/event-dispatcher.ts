// What happens to consumed records, shared by every EventBus adapter: decode the envelope and
// data, run the registered handler with retries and exponential backoff, and when it keeps failing
// (or the record cannot be decoded at all) hand it to the dead-letter sink. A record is never
// dropped: if even the dead-letter sink fails, the error propagates and the adapter redelivers.
// Batch handlers get runs of consecutive records; a failing batch is retried whole, then split
// into single events so one poison record is isolated without holding back the rest. An event
// whose handler fails with PermanentEventError is never retried: it is parked at once. A
// transient failure (the store unreachable, a dependency unavailable: transient-error.ts) is
// retried with capped backoff for as long as the consumer owns the partition and never parked, so
// an outage delays records instead of losing them; if the consumer stops meanwhile, the record is
// left undone (DispatchAbandoned) for the next owner.
import { context, SpanKind } from "@opentelemetry/api";
import type { Logger } from "pino";
import { instrument } from "../telemetry/instrument.ts";
import { contextFromHeaders, endSpan, startSpan, traceHeaders } from "../telemetry/tracing.ts";
import { decodeEnvelope } from "./envelope.ts";
import {
  type BatchContext,
  type BatchHandler,
  type BatchRejection,
  type EventHandlers,
  type Registration,
  SOLE_OWNER,
} from "./event-handlers.ts";
import { isPermanentEventError } from "./permanent-event-error.ts";
import type { ReceivedEvent } from "./received-event.ts";
import { DispatchAbandoned, isTransientError } from "./transient-error.ts";

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
  /** False once the consumer stops or lost the partition: ends the wait on a transient fault. */
  shouldContinue?: () => boolean;
  /** Longest wait between two retries of a transient fault (default 5 s). */
  maxBackoffMs?: number;
  /** The batch handlers' ownership check (BatchContext.fence); none: this reader is the only one. */
  context?: BatchContext;
}

const backoffOf = (options: DispatchOptions, attempt: number) =>
  Math.min(options.retryBackoffMs * 2 ** Math.min(attempt - 1, 30), options.maxBackoffMs ?? 5_000);

/** Whether to try again after `attempt` failed with `error`; throws when the consumer stopped meanwhile. */
function retryAfter(error: unknown, attempt: number, options: DispatchOptions, what: string): boolean {
  if (isPermanentEventError(error)) return false;
  const transient = isTransientError(error);
  if (!transient && attempt >= options.maxAttempts) return false;
  if (transient && options.shouldContinue && !options.shouldContinue()) {
    throw new DispatchAbandoned(`${what} left undone: the consumer stopped during a transient fault`, {
      cause: error,
    });
  }
  return true;
}

/** Failed handler attempts (each retry counts), by topic and handler kind. */
const handlerErrors = instrument((meter) =>
  meter.createCounter("switchboard.events.handler_errors", { description: "Failed event handler attempts" }),
);

export type DispatchOutcome = "handled" | "skipped" | "dead-lettered";

/** A record decoded for its registered handler, or the reason it needs none. */
export type DecodedRecord =
  | { kind: "event"; record: ConsumedRecord; event: ReceivedEvent<unknown>; registration: Registration }
  | { kind: "skipped"; record: ConsumedRecord }
  | { kind: "undecodable"; record: ConsumedRecord; error: string };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function decodeRecord(record: ConsumedRecord, options: Pick<DispatchOptions, "handlers" | "logicalTopic">) {
  try {
    const envelope = decodeEnvelope(record.headers);
    const registration = options.handlers.get(envelope.type);
    if (!registration) return { kind: "skipped", record } satisfies DecodedRecord;
    const event: ReceivedEvent<unknown> = {
      ...envelope,
      key: record.key,
      data: registration.definition.codec.decode(record.value),
      topic: options.logicalTopic,
      partition: record.partition,
      offset: record.offset,
      // Replaced by the consumer span's context while the event is handled.
      traceHeaders: {},
    };
    return { kind: "event", record, event, registration } satisfies DecodedRecord;
  } catch (error) {
    return { kind: "undecodable", record, error: describe(error) } satisfies DecodedRecord;
  }
}

export async function dispatchRecord(record: ConsumedRecord, options: DispatchOptions): Promise<DispatchOutcome> {
  const decoded: DecodedRecord = decodeRecord(record, options);
  if (decoded.kind === "skipped") return "skipped";
  if (decoded.kind === "undecodable") {
    // A record we cannot even decode will never succeed: park it without retrying.
    await options.deadLetter({ record, error: decoded.error, attempts: 0 });
    return "dead-lettered";
  }
  const { registration } = decoded;
  const handle =
    registration.kind === "single"
      ? registration.handle
      : (e: ReceivedEvent<unknown>) => handleAlone(registration.handle, e, options);
  return (await withRetries(decoded, handle, options, 1)) ? "handled" : "dead-lettered";
}

/**
 * Runs one batch handler over decoded events of one partition (offset order). Returns the number
 * of events dead-lettered. Throws only if the dead-letter sink fails, so nothing is committed.
 */
export async function dispatchBatch(
  handle: BatchHandler,
  decoded: readonly Extract<DecodedRecord, { kind: "event" }>[],
  options: DispatchOptions,
): Promise<number> {
  if (decoded.length === 0) return 0;
  const sleep = options.sleep ?? defaultSleep;
  const events = decoded.map((d) => d.event);
  let rejections: readonly BatchRejection[] | undefined;
  for (let attempt = 1; rejections === undefined; attempt++) {
    try {
      rejections = await inBatchSpans(decoded, options, attempt, () => handle(events, options.context ?? SOLE_OWNER));
    } catch (error) {
      // The partition moved to another consumer: nothing more is done here, nothing is parked.
      if (error instanceof DispatchAbandoned) throw error;
      options.logger.warn({ err: error, events: events.length, attempt }, "batch handler failed");
      handlerErrors().add(1, { topic: options.logicalTopic, handler: "batch" });
      // A permanent error: retrying the whole batch cannot help; handling each event alone finds
      // the one it meant. A transient one: the whole batch waits for the store to come back.
      if (!retryAfter(error, attempt, options, "batch")) break;
      await sleep(backoffOf(options, attempt));
    }
  }
  const alone = (e: ReceivedEvent<unknown>) => handleAlone(handle, e, options);
  let parked = 0;
  for (const one of decoded) {
    let handled: boolean;
    if (rejections === undefined) {
      // The batch kept failing: isolate the poison records by handling each event alone, in order.
      handled = await withRetries(one, alone, options, 1);
    } else {
      const rejection = rejections.find((r) => r.event === one.event);
      if (!rejection) continue;
      // Its first attempt was the batch's; a permanent rejection is parked without another.
      handled = await withRetries(one, alone, options, 2, rejection.error);
    }
    if (!handled) parked++;
  }
  return parked;
}

async function handleAlone(
  handle: BatchHandler,
  event: ReceivedEvent<unknown>,
  options: DispatchOptions,
): Promise<void> {
  const [rejection] = await handle([event], options.context ?? SOLE_OWNER);
  if (rejection) throw rejection.error;
}

/**
 * Runs `handle` with retries from `firstAttempt` (`earlier` is the error of the attempt before
 * it, if any); false when the record ended on the dead-letter topic. A PermanentEventError ends
 * the retries at once.
 */
async function withRetries(
  decoded: Extract<DecodedRecord, { kind: "event" }>,
  handle: (event: ReceivedEvent<unknown>) => Promise<void>,
  options: DispatchOptions,
  firstAttempt: number,
  earlier?: unknown,
): Promise<boolean> {
  const sleep = options.sleep ?? defaultSleep;
  const { event, record } = decoded;
  let lastError = earlier;
  let attempts = Math.min(firstAttempt - 1, options.maxAttempts);
  let go = earlier === undefined || retryAfter(earlier, attempts, options, `event ${event.id}`);
  for (let attempt = firstAttempt; go; attempt++) {
    attempts = attempt;
    try {
      await inBatchSpans([decoded], options, attempt, () => handle(event));
      return true;
    } catch (error) {
      if (error instanceof DispatchAbandoned) throw error;
      lastError = error;
      options.logger.warn({ err: error, eventId: event.id, type: event.type, attempt }, "event handler failed");
      handlerErrors().add(1, { topic: options.logicalTopic, handler: "event" });
      go = retryAfter(error, attempt, options, `event ${event.id}`);
      if (go) await sleep(backoffOf(options, attempt));
    }
  }
  const permanent = isPermanentEventError(lastError);
  await options.deadLetter({ record, error: describe(lastError), attempts });
  options.logger.error({ eventId: event.id, type: event.type, permanent }, "event parked on dead-letter topic");
  return false;
}

/**
 * One CONSUMER span per event, each a child of the trace its producer started, so a message's
 * trace stays connected through a batch: events the handler publishes for an event carry that
 * event's span (`traceHeaders`) as their parent.
 */
async function inBatchSpans<T>(
  decoded: readonly Extract<DecodedRecord, { kind: "event" }>[],
  options: Pick<DispatchOptions, "logicalTopic">,
  attempt: number,
  work: () => Promise<T>,
): Promise<T> {
  const spans = decoded.map(({ record, event }) => {
    const started = startSpan(`process ${options.logicalTopic}`, {
      kind: SpanKind.CONSUMER,
      parent: contextFromHeaders(record.headers),
      attributes: {
        "messaging.system": "kafka",
        "messaging.operation.type": "process",
        "messaging.destination.name": record.topic,
        "messaging.message.id": event.id,
        "messaging.batch.message_count": decoded.length,
        "cloudevents.event_type": event.type,
        "switchboard.attempt": attempt,
      },
    });
    event.traceHeaders = traceHeaders(started.context);
    return started.span;
  });
  try {
    // A single event's work runs inside its span, so store and publish spans nest under it.
    const only = decoded.length === 1 ? decoded[0]?.event.traceHeaders : undefined;
    const result = only ? await context.with(contextFromHeaders(only), work) : await work();
    for (const span of spans) endSpan(span);
    return result;
  } catch (error) {
    for (const span of spans) endSpan(span, error);
    throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
