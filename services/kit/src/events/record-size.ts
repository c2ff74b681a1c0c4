// The per-record size check before a publish is queued: Kafka refuses a produce request holding a
// record over its `message.max.bytes` whole, which would fail every other caller's records riding
// in the same request. A publish naming such a record fails alone, up front, as invalid_argument
// (the caller's request is too large, not the platform unavailable), and nothing of it is sent.
import type { IHeaders } from "kafkajs";
import { AppError } from "../errors/app-error.ts";
import { recordBytes } from "./split-by-bytes.ts";

/** Kafka's default `message.max.bytes` (1 MiB plus framing), rounded down. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_000_000;

export function checkRecordSizes(
  records: readonly { message: { key: string; value: Buffer; headers: IHeaders } }[],
  maxBytes: number,
): void {
  for (const { message } of records) {
    const size = recordBytes(message);
    if (size > maxBytes) {
      throw new AppError(
        "invalid_argument",
        `Message is too large: ${size} bytes once encoded, the limit is ${maxBytes} bytes`,
      );
    }
  }
}
