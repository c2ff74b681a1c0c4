// What Kubernetes' `restartPolicy: Always` does for a pod, for the processes the dev stack, the
// benchmarks and the fault audit run: a service that exits on its own (a fatal error, or the kit's
// watchdog finding its store client wedged) is started again. A process stopped or killed on
// purpose is not; whoever did that starts it again (ServiceReplica.restart).

export interface Supervised {
  /** Resolves when the process exited without stop() or kill() having been called; never otherwise. */
  readonly crashed: Promise<number | null>;
}

export interface CrashSupervisor<P extends Supervised> {
  current(): P;
  /** Starts the replacement by hand (after a deliberate kill), waiting for a restart in progress. */
  replace(): Promise<void>;
  /** No more restarts; resolves once a restart in progress has ended (then stop current()). */
  stop(): Promise<void>;
}

export function superviseCrashes<P extends Supervised>(
  first: P,
  options: {
    spawn: () => Promise<P>;
    isRunning: (process: P) => boolean;
    /** Between a crash (or a failed start) and the next start. */
    backoffMs: number;
    onCrash: (code: number | null) => void;
  },
): CrashSupervisor<P> {
  let current = first;
  let restarting: Promise<void> | undefined;
  let stopped = false;

  const watch = (process: P) => {
    void process.crashed.then((code) => {
      if (current !== process || stopped) return;
      options.onCrash(code);
      restarting = (async () => {
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, options.backoffMs));
          if (stopped) return;
          try {
            current = await options.spawn();
            watch(current);
            return;
          } catch {
            // Not ready this time (its store or broker still away): try again after the backoff.
          }
        }
      })().finally(() => {
        restarting = undefined;
      });
    });
  };
  watch(first);

  return {
    current: () => current,
    async replace() {
      await restarting;
      if (options.isRunning(current)) return;
      current = await options.spawn();
      watch(current);
    },
    async stop() {
      stopped = true;
      await restarting;
    },
  };
}
