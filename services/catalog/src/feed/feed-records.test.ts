import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FeedRecord, readFeed } from "./feed-records.ts";

async function read(name: string, content: string): Promise<FeedRecord[]> {
  const path = join(await mkdtemp(join(tmpdir(), "feed-")), name);
  await writeFile(path, content);
  const records: FeedRecord[] = [];
  for await (const record of readFeed(path)) records.push(record);
  return records;
}

describe("readFeed", () => {
  it("reads CSV with quoted commas, quotes and newlines, numbering records by their first line", async () => {
    const records = await read(
      "f.csv",
      'id,title,price\r\na,"Mug, blue",1.00 USD\nb,"Say ""hi""\nthere",2.00 USD\nc,short\n',
    );
    expect(records).toEqual([
      { line: 2, row: { id: "a", title: "Mug, blue", price: "1.00 USD" } },
      { line: 3, row: { id: "b", title: 'Say "hi"\nthere', price: "2.00 USD" } },
      { line: 5, row: undefined, error: "expected 3 fields, found 2" },
    ]);
  });

  it("reads JSON Lines by line and JSON arrays by item", async () => {
    expect(await read("f.jsonl", '{"id":"a","inventory":3}\n\nnope\n')).toEqual([
      { line: 1, row: { id: "a", inventory: "3" } },
      { line: 3, row: undefined, error: "not a JSON object" },
    ]);
    expect(await read("f.json", '[{"id":"a"},5]')).toEqual([
      { line: 1, row: { id: "a" } },
      { line: 2, row: undefined, error: "not a JSON object" },
    ]);
  });
});
