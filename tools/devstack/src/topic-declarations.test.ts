import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTopicDeclarations, TOPICS_TSV, topicConfig } from "./topic-declarations.ts";

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "topics-")), "topics.tsv");
  writeFileSync(path, text);
  return path;
};

describe("topics.tsv", () => {
  it("reads a declaration per line, skipping comments and blank lines, as Kafka settings", () => {
    const [topic, ...rest] = readTopicDeclarations(
      file("# name\tpartitions\n\na.v1\t12\t604800000\t1048576\tdelete\n"),
    );
    expect(rest).toEqual([]);
    expect(topic).toEqual({
      name: "a.v1",
      partitions: 12,
      retentionMs: 604800000,
      maxMessageBytes: 1048576,
      cleanupPolicy: "delete",
    });
    expect(topicConfig(topic as NonNullable<typeof topic>)).toEqual({
      "retention.ms": "604800000",
      "max.message.bytes": "1048576",
      "cleanup.policy": "delete",
    });
  });

  it("refuses a malformed line instead of creating a topic from it", () => {
    expect(() => readTopicDeclarations(file("a.v1 12 604800000 1048576 delete\n"))).toThrow(/malformed line/);
  });

  it("is the repository's declaration by default", () => {
    expect(TOPICS_TSV).toMatch(/deploy\/kubernetes\/base\/topics\/topics\.tsv$/);
    expect(readTopicDeclarations().map((t) => t.name)).toContain("switchboard.thread-events.v1");
  });
});
