import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { PrometheusReader } from "./prometheus-reader.ts";

describe("Prometheus text of OTel metrics", () => {
  it("names counters, gauges and histograms as Prometheus does, with escaped labels", async () => {
    const reader = new PrometheusReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter("test");
    meter.createCounter("switchboard.events.consumed").add(3, { outcome: "handled" });
    meter.createUpDownCounter("queue.depth").add(-2);
    meter.createObservableGauge("switchboard.consumer.lag").addCallback((r) => r.observe(7, { topic: 'a"b' }));
    const histogram = meter.createHistogram("http.server.request.duration", {
      unit: "s",
      advice: { explicitBucketBoundaries: [0.1, 1] },
    });
    for (const seconds of [0.05, 0.5, 5]) histogram.record(seconds, { "http.route": "/x" });

    const text = await reader.text();
    expect(text).toContain("# TYPE switchboard_events_consumed_total counter\n");
    expect(text).toContain('switchboard_events_consumed_total{outcome="handled"} 3\n');
    expect(text).toContain("# TYPE queue_depth gauge\nqueue_depth -2\n");
    expect(text).toContain('switchboard_consumer_lag{topic="a\\"b"} 7\n');
    expect(text).toContain("# TYPE http_server_request_duration_seconds histogram\n");
    expect(text).toContain('http_server_request_duration_seconds_bucket{http_route="/x",le="0.1"} 1\n');
    expect(text).toContain('http_server_request_duration_seconds_bucket{http_route="/x",le="1"} 2\n');
    expect(text).toContain('http_server_request_duration_seconds_bucket{http_route="/x",le="+Inf"} 3\n');
    expect(text).toContain('http_server_request_duration_seconds_count{http_route="/x"} 3\n');
    expect(text).toContain('http_server_request_duration_seconds_sum{http_route="/x"} 5.55\n');
  });
});
