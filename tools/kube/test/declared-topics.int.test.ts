// topics.tsv is the one declaration of Kafka topics: it lists every topic of proto/src/topics.ts
// (checked in manifests.int.test.ts) and the dev stack creates topics from it. Here, against the
// real broker: a namespace's topics created from the file have the declared partitions and
// settings, a second run creates nothing and converges a setting changed by hand, and a partition
// count that differs is reported, never changed.
import { randomUUID } from "node:crypto";
import { createDeclaredTopics } from "@switchboard/devstack/declared-topics";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readTopicDeclarations, topicConfig } from "../src/topic-declarations.ts";

const brokers = testServers().kafkaBrokers;
const declarations = readTopicDeclarations();
const prefix = `declared-${randomUUID().slice(0, 8)}.`;
const admin = new kafkajs.Kafka({
  clientId: "declared-topics-test",
  brokers,
  logLevel: kafkajs.logLevel.NOTHING,
}).admin();

async function configOf(topic: string): Promise<Record<string, string>> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic }],
  });
  return Object.fromEntries((resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]));
}

beforeAll(() => admin.connect());
afterAll(async () => {
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  await admin.disconnect();
});

describe("topics created from topics.tsv", () => {
  it("have the declared partitions and settings; dead-letter topics keep records until replayed", async () => {
    const report = await createDeclaredTopics({ brokers: brokers.join(","), prefix });
    expect(report.created.sort()).toEqual(declarations.map((d) => prefix + d.name).sort());
    const { topics } = await admin.fetchTopicMetadata({ topics: report.created });
    for (const declared of declarations) {
      const topic = prefix + declared.name;
      expect(topics.find((t) => t.name === topic)?.partitions.length, topic).toBe(declared.partitions);
      const config = await configOf(topic);
      for (const [name, value] of Object.entries(topicConfig(declared)))
        expect(config[name], `${topic} ${name}`).toBe(value);
      if (declared.name.endsWith(".dlq")) expect(config["retention.ms"], topic).toBe("-1");
    }
  }, 120_000);

  it("are created idempotently: a second run creates nothing and converges settings changed by hand", async () => {
    const [first] = declarations;
    if (!first) throw new Error("topics.tsv declares no topic");
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: kafkajs.ConfigResourceTypes.TOPIC,
          name: prefix + first.name,
          configEntries: [{ name: "retention.ms", value: "1000" }],
        },
      ],
    });
    // A topic's config change reaches describeConfigs a moment after alterConfigs answers (KRaft
    // applies it from the metadata log): read until it shows, rather than right away.
    await vi.waitFor(async () => expect((await configOf(prefix + first.name))["retention.ms"]).toBe("1000"), {
      timeout: 15_000,
      interval: 200,
    });
    const again = await createDeclaredTopics({ brokers: brokers.join(","), prefix });
    expect(again.created).toEqual([]);
    expect(again.converged).toHaveLength(declarations.length);
    expect(again.partitionMismatches).toEqual([]);
    await vi.waitFor(
      async () => expect((await configOf(prefix + first.name))["retention.ms"]).toBe(String(first.retentionMs)),
      { timeout: 15_000, interval: 200 },
    );
  }, 120_000);

  it("reports a topic whose partition count differs and leaves it as it is", async () => {
    const [first] = declarations;
    if (!first) throw new Error("topics.tsv declares no topic");
    const other = `${prefix}mismatch.`;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: other + first.name, numPartitions: first.partitions + 1 }],
    });
    const report = await createDeclaredTopics({ brokers: brokers.join(","), prefix: other, declarations: [first] });
    expect(report.partitionMismatches).toEqual([
      { topic: other + first.name, declared: first.partitions, actual: first.partitions + 1 },
    ]);
    const { topics } = await admin.fetchTopicMetadata({ topics: [other + first.name] });
    expect(topics[0]?.partitions.length).toBe(first.partitions + 1);
  }, 120_000);
});
