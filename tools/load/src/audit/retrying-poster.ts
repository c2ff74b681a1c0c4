// Posts requests to the platform the way a patient client does: each one is retried, with
// backoff, on every answer that is not final (5xx, 429, timeouts, refused connections while an
// ingress instance restarts), across the ingress instances in turn, until it gets a final answer
// (2xx or another 4xx). Meta retries its webhooks this way, and a business client retries its
// sends with the same Idempotency-Key. Concurrency is bounded; `idle()` waits for the last one.

export interface PostedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface FinalAnswer {
  status: number;
  body: string;
  attempts: number;
}

export interface RetryingPoster {
  /** Resolves with the final answer; never rejects before the deadline. */
  post(request: PostedRequest): Promise<FinalAnswer>;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
  /** Requests that needed more than one attempt, and attempts in all. */
  stats(): { retried: number; attempts: number; gaveUp: number };
}

const isFinal = (status: number) =>
  (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 429);

export function createRetryingPoster(options: {
  baseUrls: () => readonly string[];
  concurrency: number;
  timeoutMs: number;
  /** A request still not answered finally by then is given up (and reported). */
  deadlineMs: number;
}): RetryingPoster {
  let active = 0;
  const waiting: (() => void)[] = [];
  const idlers: (() => void)[] = [];
  let retried = 0;
  let attempts = 0;
  let gaveUp = 0;
  let turn = 0;

  const acquire = (): Promise<void> => {
    if (active >= options.concurrency) return new Promise<void>((r) => waiting.push(r));
    active++;
    return Promise.resolve();
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else {
      active--;
      if (active === 0) for (const idler of idlers.splice(0)) idler();
    }
  };

  async function attempt(request: PostedRequest): Promise<{ status: number; body: string } | undefined> {
    const urls = options.baseUrls();
    const base = urls[turn++ % urls.length];
    try {
      const response = await fetch(`${base}${request.path}`, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      return { status: response.status, body: await response.text() };
    } catch {
      return undefined; // refused, reset or timed out: not final
    }
  }

  return {
    async post(request) {
      await acquire();
      try {
        for (let tries = 1; ; tries++) {
          attempts++;
          const answer = await attempt(request);
          if (answer && isFinal(answer.status)) {
            if (tries > 1) retried++;
            return { ...answer, attempts: tries };
          }
          if (Date.now() > options.deadlineMs) {
            gaveUp++;
            return { status: answer?.status ?? 0, body: answer?.body ?? "", attempts: tries };
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** Math.min(tries, 5))));
        }
      } finally {
        release();
      }
    },
    idle: () => (active === 0 ? Promise.resolve() : new Promise<void>((resolve) => idlers.push(resolve))),
    stats: () => ({ retried, attempts, gaveUp }),
  };
}
