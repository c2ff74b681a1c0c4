// Starts the media archiver (media-archiver.ts) when ingress relays to Meta; with the simulator
// there is no Meta copy to archive, so nothing is subscribed.
import type { EventBus, Logger, SubscriptionHandle } from "@switchboard/kit";
import type { OutboundConfig } from "../outbound/outbound-config.ts";
import { outboundStreamOf } from "../outbound/outbound-of-config.ts";
import { createGraphMediaFetcher } from "../upstream-channel/graph-media.ts";
import { metaAccessOf } from "../upstream-channel/meta-access.ts";
import type { MetaCredentialSource } from "../upstream-channel/start-upstream-sender.ts";
import type { UpstreamConfig } from "../upstream-channel/upstream-config.ts";
import { mediaArchiverHandlers } from "./media-archiver.ts";
import { MAX_MEDIA_BYTES } from "./media-limits.ts";
import type { MediaStore } from "./media-store.ts";

export async function startMediaArchive(deps: {
  config: UpstreamConfig & OutboundConfig;
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
    // The Graph host is the operator's own setting (a stand-in on a private address in tests).
    download: outboundStreamOf(config, [new URL(config.UPSTREAM_CLOUD_API_BASE_URL).hostname]),
    maxBytes: MAX_MEDIA_BYTES,
    downloadTimeoutMs: config.OUTBOUND_MEDIA_TIMEOUT_MS,
  });
  return deps.bus.subscribe({
    groupId: `${config.UPSTREAM_CONSUMER_GROUP}-media`,
    handlers: mediaArchiverHandlers({ media: deps.media, fetchMedia, logger: deps.logger }),
  });
}
