// Builds the configured UpstreamChannel and starts the upstream sender's consumer. Called by
// main.ts (and by integration tests with a test clock or seed); returns what shutdown must stop.
import type { EventBus, Logger, SubscriptionHandle } from "@switchboard/kit";
import type { UpstreamMessageIds } from "../upstream/upstream-message-ids.ts";
import { createCloudApiChannel } from "./cloud-api-channel.ts";
import { type Clock, systemClock } from "./simulator/clock.ts";
import { createSimulatorChannel } from "./simulator/simulator-channel.ts";
import { publishSimulatorUpdates } from "./simulator-updates.ts";
import type { UpstreamChannel } from "./upstream-channel.ts";
import { cloudApiTokenOf, type UpstreamConfig } from "./upstream-config.ts";
import { upstreamSenderHandlers } from "./upstream-sender.ts";

export interface RunningUpstreamSender {
  subscription: SubscriptionHandle;
  /** Stops consuming, then drops the simulator's pending timers. */
  stop(): Promise<void>;
}

export function channelFor(config: UpstreamConfig, bus: EventBus, logger: Logger, clock: Clock): UpstreamChannel {
  if (config.UPSTREAM_CHANNEL === "cloud_api") {
    return createCloudApiChannel({
      baseUrl: config.UPSTREAM_CLOUD_API_BASE_URL,
      apiVersion: config.UPSTREAM_CLOUD_API_VERSION,
      accessToken: cloudApiTokenOf(config),
    });
  }
  return createSimulatorChannel({
    seed: config.UPSTREAM_SIMULATOR_SEED ?? Math.floor(Math.random() * 2 ** 31),
    clock,
    onUpdate: publishSimulatorUpdates(bus, logger),
    failureRate: config.UPSTREAM_SIMULATOR_FAILURE_RATE,
    readRate: config.UPSTREAM_SIMULATOR_READ_RATE,
    replyRate: config.UPSTREAM_SIMULATOR_REPLY_RATE,
    orderRate: config.UPSTREAM_SIMULATOR_ORDER_RATE,
    delayScale: config.UPSTREAM_SIMULATOR_DELAY_SCALE,
  });
}

export async function startUpstreamSender(deps: {
  config: UpstreamConfig;
  bus: EventBus;
  logger: Logger;
  messageIds?: UpstreamMessageIds;
  clock?: Clock;
}): Promise<RunningUpstreamSender> {
  const clock = deps.clock ?? systemClock();
  const channel = channelFor(deps.config, deps.bus, deps.logger, clock);
  const subscription = await deps.bus.subscribe({
    groupId: deps.config.UPSTREAM_CONSUMER_GROUP,
    handlers: upstreamSenderHandlers({
      channel,
      bus: deps.bus,
      logger: deps.logger,
      now: clock.now,
      ...(deps.messageIds ? { messageIds: deps.messageIds } : {}),
    }),
  });
  deps.logger.info({ channel: deps.config.UPSTREAM_CHANNEL }, "upstream sender started");
  return {
    subscription,
    async stop() {
      await subscription.stop();
      clock.cancelAll();
    },
  };
}
