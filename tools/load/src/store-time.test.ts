import { describe, expect, it } from "vitest";
import { storeTimeOf, storeTimeTable } from "./store-time.ts";

const TEXT = [
  "# TYPE db_client_operation_duration_seconds histogram",
  'db_client_operation_duration_seconds_bucket{db_system_name="mongodb",db_collection_name="messages",db_operation_name="insertMany",le="+Inf"} 4',
  'db_client_operation_duration_seconds_sum{db_system_name="mongodb",db_collection_name="messages",db_operation_name="insertMany"} 1.5',
  'db_client_operation_duration_seconds_count{db_system_name="mongodb",db_collection_name="messages",db_operation_name="insertMany"} 4',
  'db_client_operation_duration_seconds_sum{db_system_name="mongodb",db_collection_name="threads",db_operation_name="bulkWrite"} 0.25',
  'db_client_operation_duration_seconds_count{db_system_name="mongodb",db_collection_name="threads",db_operation_name="bulkWrite"} 2',
  'db_client_command_duration_seconds_sum{db_system_name="mongodb",db_operation_name="insert",outcome="ok"} 9',
].join("\n");

describe("store time by collection", () => {
  it("sums each collection and operation of the operation histogram only", () => {
    const rows = storeTimeOf("conversation", TEXT);
    expect(rows).toEqual([
      { service: "conversation", collection: "messages", operation: "insertMany", calls: 4, seconds: 1.5 },
      { service: "conversation", collection: "threads", operation: "bulkWrite", calls: 2, seconds: 0.25 },
    ]);
  });

  it("prints time per message and the share of all store time", () => {
    const table = storeTimeTable(storeTimeOf("conversation", TEXT), 1000);
    expect(table).toContain("| conversation | messages | insertMany | 4 | 1.5 | 85.7 % | 1.50 |");
    expect(table).toContain("| conversation | threads | bulkWrite | 2 | 0.3 | 14.3 % | 0.25 |");
  });
});
