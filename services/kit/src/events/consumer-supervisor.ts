// Keeps a kafkajs consumer running: kafkajs restarts a consumer by itself only after retriable
// errors; after a non-retriable one it emits CRASH with `restart: false` and the consumer stays
// stopped, silently, while the process looks healthy. The supervisor notices that, marks the
// subscription crashed (readiness then fails, so the pod is visibly unhealthy) and starts the
// consumer again with capped backoff until it runs; a successful group join clears the mark.
import type { Consumer } from "kafkajs";
import type { Logger } from "pino";

export interface ConsumerSupervisor {
  /** True from a crash that kafkajs will not restart until the consumer joined its group again. */
  crashed(): boolean;
  /** Stops restarting (the subscription is being stopped). */
  stop(): void;
}

export function superviseConsumer(
  consumer: Pick<Consumer, "on" | "events">,
  start: () => Promise<void>,
  context: { logger: Logger; groupId: string; sleep?: (ms: number) => Promise<void> },
): ConsumerSupervisor {
  const sleep = context.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let crashed = false;
  let stopped = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    crashed = false;
  });
  consumer.on(consumer.events.CRASH, async ({ payload }) => {
    if (payload.restart || stopped) return;
    crashed = true;
    context.logger.error({ err: payload.error, groupId: context.groupId }, "consumer crashed; restarting it");
    for (let delay = 1_000; !stopped; delay = Math.min(delay * 2, 30_000)) {
      await sleep(delay);
      if (stopped) return;
      try {
        await start();
        return;
      } catch (error) {
        context.logger.error({ err: error, groupId: context.groupId }, "consumer restart failed");
      }
    }
  });
  return {
    crashed: () => crashed,
    stop() {
      stopped = true;
    },
  };
}
