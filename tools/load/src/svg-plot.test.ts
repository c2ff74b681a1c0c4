import { describe, expect, it } from "vitest";
import { renderThroughputSvg } from "./svg-plot.ts";

const points = [
  { rate: 250, accepted: 250, stored: 240, counted: 230, acceptP99Ms: 8, storeP99Ms: 400 },
  { rate: 1_000, accepted: 990, stored: 300, counted: 290, acceptP99Ms: 40, storeP99Ms: 9_000 },
  { rate: 500, accepted: 500, stored: 280, counted: 270, acceptP99Ms: 12, storeP99Ms: undefined },
];

const seriesPoints = (svg: string, name: string) => {
  const match = new RegExp(`data-series="${name}"[^>]*points="([^"]*)"`).exec(svg);
  return match?.[1]?.split(" ").filter(Boolean) ?? [];
};

describe("throughput.svg", () => {
  const svg = renderThroughputSvg(points, "test run");

  it("is an SVG document with both panels", () => {
    expect(svg.startsWith("<svg xmlns")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("test run — throughput");
    expect(svg).toContain("latency p99 (log scale)");
  });

  it("draws every series with one point per rate, skipping missing values", () => {
    for (const name of ["offered", "accepted/s", "stored/s", "counted/s", "accept p99"]) {
      expect(seriesPoints(svg, name)).toHaveLength(3);
    }
    expect(seriesPoints(svg, "accept→stored p99")).toHaveLength(2);
  });

  it("puts rates left to right in ascending order", () => {
    const xs = seriesPoints(svg, "accepted/s").map((p) => Number(p.split(",")[0]));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    for (const label of ["250", "500", "1k"]) expect(svg).toContain(`>${label}</text>`);
  });

  it("draws a higher throughput higher up", () => {
    const ys = seriesPoints(svg, "accepted/s").map((p) => Number(p.split(",")[1]));
    expect(ys[2]).toBeLessThan(ys[0] ?? 0);
  });

  it("copes with a single point", () => {
    const one = renderThroughputSvg(
      [points[0] ?? points[1]].filter((p) => p !== undefined),
      "one",
    );
    expect(seriesPoints(one, "stored/s")).toHaveLength(1);
    expect(one).not.toContain("NaN");
  });
});
