import { describe, expect, it } from "vitest";
import { niceScale, renderVolumeChart } from "./volume-chart.ts";

describe("volume chart", () => {
  it("draws one line per series on a nice scale, with a legend carrying totals", () => {
    const svg = renderVolumeChart({
      title: "Messages <by direction>",
      fromMs: 0,
      toMs: 3 * 3_600_000,
      series: [
        {
          name: "inbound",
          points: [
            { startMs: 0, value: 10 },
            { startMs: 3_600_000, value: 37 },
          ],
        },
        { name: "outbound", points: [] },
      ],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Messages &lt;by direction&gt;");
    expect(svg).toContain("<title>Messages &lt;by direction&gt;</title>");
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain("inbound (47)");
    expect(svg).toContain("outbound (0)");
    expect(svg).toContain(">40</text>"); // 37 rounds up to an axis of 40
    expect(niceScale(37)).toEqual({ top: 40, step: 10 });
    expect(niceScale(0)).toEqual({ top: 1, step: 1 });
    expect(niceScale(1234)).toEqual({ top: 1500, step: 500 });
  });
});
