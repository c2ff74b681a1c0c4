// Builds the configured UpstreamChannel and starts the upstream sender's consumer. Started by the
// service builder with its other workers; returns what shutdown must stop.
import type { EventBus, Logger, SubscriptionHandle } from "@switchboard/kit";
import type { CatalogPrices } from "../catalog/catalog-prices.ts";
import type { MediaStore } from "../media/media-store.ts";
import type { CredentialSealer } from "../tenancy/credential-sealer.ts";
import type { UpstreamRouting } from "../tenancy/upstream-routing.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { createCloudApiChannel } from "./cloud-api-channel.ts";
import { metaAccessOf } from "./meta-access.ts";
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

/** Where the Cloud API channel finds each business's Meta credentials. */
export interface MetaCredentialSource {
  routing: Pick<UpstreamRouting, "metaCredentials">;
  sealer: CredentialSealer | undefined;
}

export function channelFor(
  config: UpstreamConfig,
  runtime: {
    bus: EventBus;
    logger: Logger;
    clock: Clock;
    credentials: MetaCredentialSource;
    /** The business's media and Meta's ids for it: sends by our media id are uploaded to Meta first. */
    media?: { store: MediaStore; ids: UpstreamMessageIds };
    prices?: CatalogPrices;
  },
): UpstreamChannel {
  const { bus, logger, clock } = runtime;
  if (config.UPSTREAM_CHANNEL === "cloud_api") {
    return createCloudApiChannel({
      baseUrl: config.UPSTREAM_CLOUD_API_BASE_URL,
      apiVersion: config.UPSTREAM_CLOUD_API_VERSION,
      accessToken: cloudApiTokenOf(config),
      access: metaAccessOf(runtime.credentials),
      ...(runtime.media ? { media: runtime.media } : {}),
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
    ...(runtime.prices ? { prices: runtime.prices } : {}),
  });
}

export async function startUpstreamSender(deps: {
  config: UpstreamConfig;
  bus: EventBus;
  logger: Logger;
  messageIds: UpstreamMessageIds;
  credentials: MetaCredentialSource;
  /** The business's uploaded media, uploaded to Meta on first use in a send. */
  media?: MediaStore;
  /** The catalog's prices, for the simulated customers' orders. */
  prices?: CatalogPrices;
}): Promise<RunningUpstreamSender> {
  const clock = systemClock();
  const { media, ...rest } = deps;
  const channel = channelFor(deps.config, {
    ...rest,
    clock,
    ...(media ? { media: { store: media, ids: deps.messageIds } } : {}),
  });
  const subscription = await deps.bus.subscribe({
    groupId: deps.config.UPSTREAM_CONSUMER_GROUP,
    handlers: upstreamSenderHandlers({
      channel,
      bus: deps.bus,
      logger: deps.logger,
      now: clock.now,
      messageIds: deps.messageIds,
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
