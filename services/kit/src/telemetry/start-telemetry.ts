// Boots OpenTelemetry for one service process: context propagation (W3C traceparent), a tracer
// provider and a meter provider, exporting over OTLP/HTTP when configured. Spans are created by
// the kit's adapters (HTTP, Kafka, gRPC, Mongo) through @opentelemetry/api, not by monkey-patching
// libraries, so tracing works the same under Node's ESM loader and in tests.
import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, type SpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { PrometheusReader, setMetricsSource } from "./prometheus-reader.ts";

export interface TelemetryOptions {
  serviceName: string;
  exporter: "otlp" | "none";
  otlpEndpoint: string;
}

export interface Telemetry {
  /** Flushes pending spans and metrics, then stops exporting. */
  shutdown(): Promise<void>;
}

export function startTelemetry(options: TelemetryOptions): Telemetry {
  const resource = resourceFromAttributes({ "service.name": options.serviceName });
  const exporting = options.exporter === "otlp";
  const spanProcessors: SpanProcessor[] = exporting
    ? [
        new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` }),
          scheduledDelayMillis: 500,
        }),
      ]
    : [];
  const tracerProvider = new TracerProvider({ resource, spanProcessors });
  // Metrics are always readable on /metrics (Prometheus pull), and pushed over OTLP when exporting.
  const prometheus = new PrometheusReader();
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      prometheus,
      ...(exporting
        ? [
            new PeriodicExportingMetricReader({
              exporter: new OTLPMetricExporter({ url: `${options.otlpEndpoint}/v1/metrics` }),
              exportIntervalMillis: 10_000,
            }),
          ]
        : []),
    ],
  });

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  setMetricsSource(() => prometheus.text());

  return {
    async shutdown() {
      setMetricsSource(undefined);
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}
