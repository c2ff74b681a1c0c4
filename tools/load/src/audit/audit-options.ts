// Command-line flags of `./run audit` (node tools/load/src/audit/run-audit.ts), parsed once with
// node:util parseArgs; `--short` is the CI size. It must never read process.env.
import { parseArgs } from "node:util";

export interface AuditOptions {
  mode: "full" | "short";
  messages: number;
  rate: number;
  out: string;
  drainSeconds: number;
  keepState: boolean;
  help: boolean;
}

export const USAGE = `usage: ./run audit [--short] [--messages N] [--rate R] [--out DIR]
  --short            CI run: 6,000 messages at 60/s (default: 100,000 at 60/s)
  --messages N       numbered messages, half signed inbound webhooks, half business sends
  --rate R           offered messages per second (open loop)
  --out DIR          where <date>-<commit>/audit.json and audit.md go (default audit-results)
  --drain-seconds N  longest wait for every consumer group to catch up after the load (default 2400; short: 300)
  --keep-state       keep the private dev stack's data dir (.devstack-audit) afterwards
Exits 1 on any loss, duplicate store, ghost or doubled send, regressed status, undelivered
webhook, analytics difference or dead-lettered record.`;

const positive = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return parsed;
};

export function parseAuditOptions(argv: readonly string[]): AuditOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      short: { type: "boolean", default: false },
      messages: { type: "string" },
      rate: { type: "string" },
      out: { type: "string", default: "audit-results" },
      "drain-seconds": { type: "string" },
      "keep-state": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const short = values.short === true;
  return {
    mode: short ? "short" : "full",
    messages: Math.round(positive("messages", values.messages, short ? 6_000 : 100_000)),
    // 60/s: what the 2-core reference box carries with two instances of every service under the whole
    // fault schedule (docs/audit/2026-12-02-full/); the platform benchmark measures rates, not this.
    rate: positive("rate", values.rate, 60),
    out: values.out ?? "audit-results",
    drainSeconds: positive("drain-seconds", values["drain-seconds"], short ? 300 : 2_400),
    keepState: values["keep-state"] === true,
    help: values.help === true,
  };
}
