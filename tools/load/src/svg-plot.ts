// Draws throughput.svg by hand (no chart library): the top panel plots accepted, stored and counted
// messages/s against the offered rate (with the offered rate itself as a dashed reference), the
// bottom panel the accept p99 and accept-to-stored p99 latencies on a log axis. Pure: it returns
// a string and must never write a file or read a clock.

export interface PlotPoint {
  rate: number;
  accepted: number;
  stored: number;
  counted: number;
  acceptP99Ms: number;
  storeP99Ms: number | undefined;
}

interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  values: (number | undefined)[];
}

const WIDTH = 900;
const PANEL = 300;
const MARGIN = { left: 80, right: 190, top: 40, gap: 70, bottom: 50 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const HEIGHT = MARGIN.top + 2 * PANEL + MARGIN.gap + MARGIN.bottom;

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (value: number) =>
  value >= 1000 ? `${Math.round(value / 100) / 10}k` : value >= 1 ? String(Math.round(value * 10) / 10) : String(value);

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return unit * power;
}

/** Offered rates usually double from step to step: a log2 axis spaces them evenly. */
function xScale(rates: readonly number[]): (rate: number) => number {
  const logs = rates.map((r) => Math.log2(Math.max(r, 1e-9)));
  const pad = Math.max(0.25, (Math.max(...logs) - Math.min(...logs)) * 0.05);
  const lo = Math.min(...logs) - pad;
  const hi = Math.max(...logs) + pad;
  return (rate) => MARGIN.left + ((Math.log2(Math.max(rate, 1e-9)) - lo) / (hi - lo)) * PLOT_W;
}

function polyline(series: Series, xs: readonly number[], y: (v: number) => number): string {
  const points = series.values.flatMap((v, i) => (v === undefined || !Number.isFinite(v) ? [] : [[xs[i] ?? 0, y(v)]]));
  const dash = series.dashed ? ' stroke-dasharray="6 4"' : "";
  const line = `<polyline class="series" data-series="${esc(series.name)}" fill="none" stroke="${series.color}" stroke-width="2"${dash} points="${points.map(([px, py]) => `${px?.toFixed(1)},${py?.toFixed(1)}`).join(" ")}"/>`;
  const dots = points.map(
    ([px, py]) => `<circle cx="${px?.toFixed(1)}" cy="${py?.toFixed(1)}" r="3" fill="${series.color}"/>`,
  );
  return [line, ...dots].join("\n");
}

function legend(series: readonly Series[], top: number): string {
  return series
    .map((s, i) => {
      const y = top + 20 + i * 22;
      const x = WIDTH - MARGIN.right + 20;
      const dash = s.dashed ? ' stroke-dasharray="6 4"' : "";
      return `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${s.color}" stroke-width="2"${dash}/><text x="${x + 30}" y="${y + 4}">${esc(s.name)}</text>`;
    })
    .join("\n");
}

function panel(options: {
  top: number;
  title: string;
  yLabel: string;
  xs: number[];
  rates: number[];
  series: Series[];
  log: boolean;
}): string {
  const { top, xs, rates, series } = options;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const bottom = top + PANEL;
  let y: (v: number) => number;
  let ticks: number[];
  if (options.log) {
    const positive = values.filter((v) => v > 0);
    const lo = Math.floor(Math.log10(Math.min(...positive, 1)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive, 10))));
    y = (v) => bottom - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * PANEL;
    ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  } else {
    const step = niceStep(Math.max(...values, 1), 5);
    const max = Math.ceil(Math.max(...values, 1) / step) * step;
    y = (v) => bottom - (v / max) * PANEL;
    ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  }
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${MARGIN.left}" y1="${y(t).toFixed(1)}" x2="${MARGIN.left + PLOT_W}" y2="${y(t).toFixed(1)}" stroke="#ddd"/><text x="${MARGIN.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`,
    )
    .join("\n");
  const xTicks = rates
    .map(
      (r, i) =>
        `<line x1="${xs[i]?.toFixed(1)}" y1="${bottom}" x2="${xs[i]?.toFixed(1)}" y2="${bottom + 5}" stroke="#333"/><text x="${xs[i]?.toFixed(1)}" y="${bottom + 20}" text-anchor="middle">${fmt(r)}</text>`,
    )
    .join("\n");
  return [
    `<text x="${MARGIN.left}" y="${top - 12}" font-weight="bold">${esc(options.title)}</text>`,
    grid,
    `<rect x="${MARGIN.left}" y="${top}" width="${PLOT_W}" height="${PANEL}" fill="none" stroke="#333"/>`,
    xTicks,
    `<text x="${MARGIN.left + PLOT_W / 2}" y="${bottom + 40}" text-anchor="middle">offered rate (msg/s)</text>`,
    `<text transform="translate(20 ${top + PANEL / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`,
    ...series.map((s) => polyline(s, xs, y)),
    legend(series, top),
  ].join("\n");
}

export function renderThroughputSvg(points: readonly PlotPoint[], title: string): string {
  const sorted = [...points].sort((a, b) => a.rate - b.rate);
  const rates = sorted.map((p) => p.rate);
  const x = xScale(rates.length > 0 ? rates : [1]);
  const xs = rates.map(x);
  const top = panel({
    top: MARGIN.top,
    title: `${title} — throughput (log-scaled rate axis)`,
    yLabel: "messages/s",
    xs,
    rates,
    log: false,
    series: [
      { name: "accepted/s", color: "#1f77b4", values: sorted.map((p) => p.accepted) },
      { name: "stored/s", color: "#2ca02c", values: sorted.map((p) => p.stored) },
      { name: "counted/s", color: "#ff7f0e", values: sorted.map((p) => p.counted) },
      // Last, so its dashes stay visible where accepted/s runs along it.
      { name: "offered", color: "#555", dashed: true, values: rates },
    ],
  });
  const bottom = panel({
    top: MARGIN.top + PANEL + MARGIN.gap,
    title: "latency p99 (log scale)",
    yLabel: "ms",
    xs,
    rates,
    log: true,
    series: [
      { name: "accept p99", color: "#1f77b4", values: sorted.map((p) => p.acceptP99Ms) },
      { name: "accept→stored p99", color: "#2ca02c", values: sorted.map((p) => p.storeP99Ms) },
    ],
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    "<title>Switchboard platform benchmark: throughput and latency by offered rate</title>",
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    top,
    bottom,
    "</svg>",
    "",
  ].join("\n");
}
