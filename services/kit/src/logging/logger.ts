// Structured logging (pino). Tokens, secrets and message content are redacted by default: a log
// line must never carry what a customer wrote or a credential. Every line written inside a span
// carries its trace and span ids so logs join traces.
import { trace } from "@opentelemetry/api";
import { type Logger, pino } from "pino";

export type { Logger } from "pino";

/** Paths pino censors. Message bodies travel as `bodyJson`/`messageJson`/`text`/`body`. */
export const REDACTED_PATHS = [
  "token",
  "accessToken",
  "authorization",
  "appSecret",
  "password",
  "body",
  "bodyJson",
  "messageJson",
  "text",
  "*.token",
  "*.accessToken",
  "*.authorization",
  "*.appSecret",
  "*.password",
  "*.body",
  "*.bodyJson",
  "*.messageJson",
  "*.text",
  "req.headers.authorization",
  'req.headers["x-hub-signature-256"]',
];

export interface LoggerOptions {
  service: string;
  level: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.service,
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      mixin() {
        const spanContext = trace.getActiveSpan()?.spanContext();
        return spanContext ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
