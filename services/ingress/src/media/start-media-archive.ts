// Starts the media archiver (media-archiver.ts) when ingress relays to Meta; with the simulator
// there is no Meta copy to archive, so nothing is subscribed.
import type { EventBus, Logger, SubscriptionHandle } from "@switchboard/kit";
import { createGraphMediaFetcher } from "../upstream-channel/graph-media.ts";
import { metaAccessOf } from "../upstream-channel/meta-access.ts";
import type { MetaCredentialSource } from "../upstream-channel/start-upstream-sender.ts";
import type { UpstreamConfig } from "../upstream-channel/upstream-config.ts";
import { mediaArchiverHandlers } from "./media-archiver.ts";
import type { MediaStore } from "./media-store.ts";

export async function startMediaArchive(deps: {
  config: UpstreamConfig;
  bus: EventBus;
  logger: Logger;
  media: MediaStore;
  credentials: MetaCredentialSource;
}): Promise<SubscriptionHandle> {
  const { config } = deps;
  if (config.UPSTREAM_CHANNEL !== "cloud_api") return { stop: async () => {} };
  const token = config.UPSTREAM_CLOUD_API_TOKEN;
  const fetchMedia = createGraphMediaFetcher({
    baseUrl: config.UPSTREAM_CLOUD_API_BASE_URL,
    access: metaAccessOf(deps.credentials),
    configured: token === undefined ? undefined : { accessToken: token, apiVersion: config.UPSTREAM_CLOUD_API_VERSION },
  });
  return deps.bus.subscribe({
    groupId: `${config.UPSTREAM_CONSUMER_GROUP}-media`,
    handlers: mediaArchiverHandlers({ media: deps.media, fetchMedia, logger: deps.logger }),
  });
}
