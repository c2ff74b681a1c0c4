import { describe, expect, it } from "vitest";
import { customersOfChange } from "./change-customers.ts";

describe("customersOfChange", () => {
  it("collects the customer ids of messages, contacts and statuses", () => {
    const change = {
      field: "messages",
      value: {
        contacts: [{ wa_id: "15550001", user_id: "US.abc" }],
        messages: [{ from: "15550001", text: { body: 'call "15559999"' } }],
        statuses: [{ recipient_id: "15550002", recipient_user_id: "US.def" }],
      },
    };
    expect([...customersOfChange(JSON.stringify(change))].sort()).toEqual(["15550001", "15550002", "US.abc", "US.def"]);
  });

  it("finds nobody in malformed or content-only changes", () => {
    expect(customersOfChange("{").size).toBe(0);
    expect(customersOfChange(JSON.stringify({ value: { messages: [{ text: { body: "15550001" } }] } })).size).toBe(0);
  });
});
