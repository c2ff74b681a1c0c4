// Small helpers over @opentelemetry/api used by every adapter: run work in a span, and carry the
// trace context across process boundaries in string headers (Kafka headers, gRPC metadata).
import {
  type Attributes,
  type Context,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

import { instrument } from "./instrument.ts";
import { LATENCY_BUCKETS_S } from "./prometheus-reader.ts";

export { SpanKind } from "@opentelemetry/api";

const TRACER_NAME = "switchboard";

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context, e.g. extracted from an incoming message; defaults to the active one. */
  parent?: Context;
}

/** Runs `work` inside a new active span, recording a thrown error on it. */
export async function withSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {} },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error instanceof Error ? error : new Error(String(error)));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Starts a span without making it active, for work that covers many spans at once (a consumed
 * batch: one span per event, each in its producer's trace). The caller ends it.
 */
export function startSpan(name: string, options: SpanOptions): { span: Span; context: Context } {
  const parent = options.parent ?? context.active();
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {} }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends a span, recording the error that ended its work, if any. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : new Error(String(error)));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** The active trace context as headers (`traceparent`, `tracestate`). */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier;
}

/** A context whose parent is the span described by incoming headers (if any). */
export function contextFromHeaders(headers: Readonly<Record<string, string | undefined>>): Context {
  return propagation.extract(context.active(), headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
}

/**
 * Runs a database operation in a CLIENT span named the way OTel's semantic conventions do, and
 * records its duration (`db.client.operation.duration`, seconds) by collection and operation.
 */
export function traceDb<T>(collection: string, operation: string, work: () => Promise<T>): Promise<T> {
  const attributes = { "db.system.name": "mongodb", "db.collection.name": collection, "db.operation.name": operation };
  const started = performance.now();
  return withSpan(`${operation} ${collection}`, { kind: SpanKind.CLIENT, attributes }, () => work()).finally(() => {
    dbDuration().record((performance.now() - started) / 1000, attributes);
  });
}

const dbDuration = instrument((meter) =>
  meter.createHistogram("db.client.operation.duration", {
    unit: "s",
    description: "MongoDB operations by collection and operation",
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_S },
  }),
);
