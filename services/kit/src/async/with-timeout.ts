// Bounds how long a caller waits for work it cannot cancel (a Kafka acknowledgement, say).
// The work keeps running; the caller gets an `unavailable` AppError and can answer its client.
import { AppError } from "../errors/app-error.ts";

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError("unavailable", `${what} did not complete within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
