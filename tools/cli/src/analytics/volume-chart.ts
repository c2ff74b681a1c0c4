// An SVG line chart of message volumes over time, one line per series (a direction, a hosting
// mode …), for `volume-chart-cli.ts`. Pure: series in, SVG text out; no fonts or scripts
// embedded, so any viewer (or rsvg-convert) renders it the same.

export interface ChartSeries {
  name: string;
  points: readonly { startMs: number; value: number }[];
}

export interface ChartInput {
  title: string;
  /** Inclusive start and exclusive end of the x axis. */
  fromMs: number;
  toMs: number;
  series: readonly ChartSeries[];
}

const WIDTH = 960;
const HEIGHT = 420;
const PAD = { left: 64, right: 240, top: 48, bottom: 56 };
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A "nice" axis maximum and step: 1, 2 or 5 × 10^k. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return { top: Math.ceil(max / step) * step, step };
}

export function renderVolumeChart(input: ChartInput): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const span = Math.max(1, input.toMs - input.fromMs);
  const max = Math.max(0, ...input.series.flatMap((s) => s.points.map((p) => p.value)));
  const { top, step } = niceScale(max);
  const x = (ms: number) => PAD.left + ((ms - input.fromMs) / span) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    // An accessible name for the image (screen readers, and what a viewer shows on hover).
    `<title>${escapeXml(input.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="28" font-size="16" font-weight="bold">${escapeXml(input.title)}</text>`,
  ];
  for (let v = 0; v <= top; v += step) {
    parts.push(
      `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e0e0e0"/>`,
      `<text x="${PAD.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`,
    );
  }
  const ticks = 6;
  for (let i = 0; i <= ticks; i++) {
    const ms = input.fromMs + (span * i) / ticks;
    const label = new Date(ms).toISOString().slice(5, 16).replace("T", " ");
    parts.push(
      `<line x1="${x(ms).toFixed(1)}" x2="${x(ms).toFixed(1)}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH + 5}" stroke="#333"/>`,
      `<text x="${x(ms).toFixed(1)}" y="${PAD.top + plotH + 20}" text-anchor="middle">${label}</text>`,
    );
  }
  parts.push(
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#333"/>`,
    `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#333"/>`,
    `<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">time (UTC)</text>`,
  );
  input.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = [...series.points].sort((a, b) => a.startMs - b.startMs);
    const path = points.map((p) => `${x(p.startMs).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
    if (points.length > 0) {
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"/>`);
    }
    const ly = PAD.top + 12 + i * 20;
    const total = points.reduce((sum, p) => sum + p.value, 0);
    parts.push(
      `<rect x="${WIDTH - PAD.right + 16}" y="${ly - 9}" width="14" height="4" fill="${colour}"/>`,
      `<text x="${WIDTH - PAD.right + 36}" y="${ly - 3}">${escapeXml(series.name)} (${total})</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
