// Consumer lag of the platform's consumer groups on this run's topics (`<namespace>.` + name),
// via the Kafka admin API: the topic's high watermarks minus the group's committed offsets. Only
// reads offsets: it must never join a group, commit, or reset an offset.
import { ALL_TOPICS, THREAD_EVENTS_TOPIC } from "@switchboard/proto";
import kafkajs, { type Admin } from "kafkajs";

/**
 * The groups' default names, from the services' config.ts (CONSUMER_GROUP, UPSTREAM_CONSUMER_GROUP,
 * WEBHOOK_CONSUMER_GROUP and the suffixes main.ts adds); the event bus prefixes them with the
 * deployment's topic prefix, as it does topics.
 * The conversation's watch group has a random suffix: it is found by prefix.
 */
export const KNOWN_GROUPS = [
  "conversation",
  "conversation-hosting",
  "analytics",
  "ingress-upstream",
  "ingress-business-webhooks",
  "ingress-business-webhooks-erasures",
] as const;
const WATCH_GROUP_PREFIX = "conversation-watch-";
/** Groups whose not-yet-committed partitions of thread events count as lag from the first offset. */
const THREAD_EVENT_GROUPS = new Set(["conversation", "analytics", "ingress-upstream", "ingress-business-webhooks"]);

export interface LagSampler {
  /** Lag (messages) per group, summed over its partitions of this run's topics. */
  sample(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export interface LagSamplerOptions {
  /**
   * Whether to report a conversation watch group (default true). Each conversation process tails
   * in a group of its own that nobody resumes after the process dies, so where processes are
   * killed and restarted (the fault audit) a dead one's group lags forever and says nothing about
   * the platform's drain.
   */
  watchGroup?: boolean;
}

export async function createLagSampler(
  brokers: string,
  namespace: string,
  options: LagSamplerOptions = {},
): Promise<LagSampler> {
  const kafka = new kafkajs.Kafka({
    clientId: "bench-lag",
    brokers: brokers.split(","),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin: Admin = kafka.admin();
  await admin.connect();
  const physical = (topic: string) => `${namespace}.${topic}`;
  const logical = (name: string) => name.slice(namespace.length + 1);
  const threadTopic = physical(THREAD_EVENTS_TOPIC);
  let watchGroup: string | undefined;

  const findWatchGroup = async () => {
    const { groups } = await admin.listGroups();
    for (const { groupId } of groups.filter((g) => g.groupId.startsWith(physical(WATCH_GROUP_PREFIX)))) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [threadTopic] });
      if (offsets?.partitions.some((p) => Number(p.offset) >= 0)) return groupId;
    }
    return undefined;
  };

  return {
    async sample() {
      const existing = new Set(await admin.listTopics());
      const topics = ALL_TOPICS.map(physical).filter((t) => existing.has(t));
      const ends = new Map<string, { high: number; low: number }>();
      for (const topic of topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          ends.set(`${topic}/${p.partition}`, { high: Number(p.high), low: Number(p.low) });
        }
      }
      if (options.watchGroup !== false) watchGroup ??= await findWatchGroup();
      const groups: string[] = [...KNOWN_GROUPS.map(physical), ...(watchGroup ? [watchGroup] : [])];
      const lags = new Map<string, number>();
      for (const groupId of groups) {
        let lag = 0;
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
          for (const { partition, offset } of partitions) {
            const end = ends.get(`${topic}/${partition}`);
            if (!end) continue;
            const committed = Number(offset);
            if (committed >= 0) lag += Math.max(0, end.high - committed);
            else if (topic === threadTopic && THREAD_EVENT_GROUPS.has(logical(groupId))) lag += end.high - end.low;
          }
        }
        const name = logical(groupId);
        lags.set(name.startsWith(WATCH_GROUP_PREFIX) ? "conversation-watch" : name, lag);
      }
      return lags;
    },
    close: () => admin.disconnect(),
  };
}
