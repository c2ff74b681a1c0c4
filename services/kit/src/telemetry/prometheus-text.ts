// Renders OpenTelemetry SDK metrics (cumulative) in the Prometheus text exposition format 0.0.4,
// the way the OTel Prometheus exporter names them: dots become underscores, a unit of seconds adds
// `_seconds`, monotonic sums end in `_total`, histograms give `_bucket{le}`, `_sum` and `_count`.
// Written here because the exporter package is not a dependency; it must stay a pure function.
import type { Attributes } from "@opentelemetry/api";
import { DataPointType, type MetricData, type ResourceMetrics } from "@opentelemetry/sdk-metrics";

const UNIT_SUFFIX: Record<string, string> = { s: "seconds", By: "bytes", ms: "milliseconds" };

export function prometheusName(metric: MetricData): string {
  let name = metric.descriptor.name.replace(/[^a-zA-Z0-9_:]/g, "_");
  const unit = UNIT_SUFFIX[metric.descriptor.unit];
  if (unit !== undefined && !name.endsWith(`_${unit}`)) name += `_${unit}`;
  if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic && !name.endsWith("_total")) name += "_total";
  return name;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labels(attributes: Attributes, extra: Record<string, string> = {}): string {
  const pairs = [
    ...Object.entries(attributes)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.replace(/[^a-zA-Z0-9_]/g, "_"), String(v)] as const),
    ...Object.entries(extra),
  ];
  return pairs.length === 0 ? "" : `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

export function toPrometheusText(resourceMetrics: ResourceMetrics): string {
  const lines: string[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const name = prometheusName(metric);
      if (metric.descriptor.description) lines.push(`# HELP ${name} ${escapeLabel(metric.descriptor.description)}`);
      switch (metric.dataPointType) {
        case DataPointType.SUM:
          lines.push(`# TYPE ${name} ${metric.isMonotonic ? "counter" : "gauge"}`);
          for (const point of metric.dataPoints)
            lines.push(`${name}${labels(point.attributes)} ${number(point.value)}`);
          break;
        case DataPointType.GAUGE:
          lines.push(`# TYPE ${name} gauge`);
          for (const point of metric.dataPoints)
            lines.push(`${name}${labels(point.attributes)} ${number(point.value)}`);
          break;
        case DataPointType.HISTOGRAM:
          lines.push(`# TYPE ${name} histogram`);
          for (const point of metric.dataPoints) {
            const { boundaries, counts } = point.value.buckets;
            let cumulative = 0;
            boundaries.forEach((bound, i) => {
              cumulative += counts[i] ?? 0;
              lines.push(`${name}_bucket${labels(point.attributes, { le: number(bound) })} ${cumulative}`);
            });
            lines.push(`${name}_bucket${labels(point.attributes, { le: "+Inf" })} ${point.value.count}`);
            lines.push(`${name}_sum${labels(point.attributes)} ${number(point.value.sum ?? 0)}`);
            lines.push(`${name}_count${labels(point.attributes)} ${point.value.count}`);
          }
          break;
        case DataPointType.EXPONENTIAL_HISTOGRAM:
          break; // not configured anywhere; Prometheus text has no native form for it
      }
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
