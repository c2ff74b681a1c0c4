// A pull MetricReader: each scrape of /metrics collects the process's OTel metrics and renders
// them as Prometheus text. startTelemetry registers it next to the OTLP exporter (if any) and
// makes it the process's metrics source; the kit's HTTP server answers /metrics from that source.
// The source is process-wide for the same reason OTel's MeterProvider is: one per process.
import { MetricReader } from "@opentelemetry/sdk-metrics";
import { toPrometheusText } from "./prometheus-text.ts";

export class PrometheusReader extends MetricReader {
  async text(): Promise<string> {
    const { resourceMetrics } = await this.collect();
    return toPrometheusText(resourceMetrics);
  }

  protected override async onShutdown(): Promise<void> {}

  protected override async onForceFlush(): Promise<void> {}
}

let source: (() => Promise<string>) | undefined;

/** Set by startTelemetry; cleared again by its shutdown. */
export function setMetricsSource(next: (() => Promise<string>) | undefined): void {
  source = next;
}

/** The current process's metrics as Prometheus text ("" before telemetry started). */
export function metricsText(): Promise<string> {
  return source ? source() : Promise.resolve("");
}

/** Histogram boundaries in seconds for request and database latencies (1 ms … 10 s). */
export const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
