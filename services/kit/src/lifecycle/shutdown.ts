// Two-phase graceful shutdown, owned by the composition root. Phase 1 stops intake (readiness
// fails, listeners close, consumers stop fetching and commit); phase 2 closes what the in-flight
// work needed (producers, database, telemetry). Each signal is trapped once; an uncaught error
// shuts down too but exits non-zero. A hard timeout bounds the whole thing.
import type { Logger } from "pino";

type Step = { name: string; run: () => Promise<void> };

export interface Shutdown {
  /** Phase 1: stop taking new work and finish what is in flight. Run in registration order. */
  onStopIntake(name: string, run: () => Promise<void>): void;
  /** Phase 2: release connections. Run in reverse registration order, after phase 1. */
  onClose(name: string, run: () => Promise<void>): void;
  /** Runs both phases once; later calls return the same promise. */
  run(reason: string): Promise<void>;
  /** The process cannot go on: shuts down as run() does, then exits non-zero (its supervisor restarts it). */
  fail(reason: string): void;
  readonly signal: AbortSignal;
}

export function createShutdown(options: {
  logger: Logger;
  timeoutMs: number;
  exit?: (code: number) => void;
  trapSignals?: boolean;
}): Shutdown {
  const intake: Step[] = [];
  const closers: Step[] = [];
  const controller = new AbortController();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;

  const runSteps = async (steps: readonly Step[]) => {
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        options.logger.error({ err: error, step: step.name }, "shutdown step failed");
      }
    }
  };

  const shutdown: Shutdown = {
    signal: controller.signal,
    onStopIntake: (name, run) => void intake.push({ name, run }),
    onClose: (name, run) => void closers.push({ name, run }),
    run(reason) {
      running ??= (async () => {
        options.logger.info({ reason }, "shutting down");
        controller.abort(reason);
        const timer = setTimeout(() => {
          options.logger.error("shutdown timed out, exiting");
          exit(1);
        }, options.timeoutMs);
        timer.unref();
        await runSteps(intake);
        await runSteps([...closers].reverse());
        clearTimeout(timer);
      })();
      return running;
    },
    fail(reason) {
      void shutdown.run(reason).finally(() => exit(1));
    },
  };

  if (options.trapSignals !== false) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => void shutdown.run(signal).then(() => exit(0)));
    }
    const crash = (error: unknown) => {
      options.logger.fatal({ err: error }, "uncaught error");
      shutdown.fail("uncaught error");
    };
    process.once("uncaughtException", crash);
    process.once("unhandledRejection", crash);
  }
  return shutdown;
}
