import { describe, expect, it } from "vitest";
import { countedMessageOf } from "./counted-messages.ts";

describe("countedMessageOf", () => {
  it("reads inbound and outbound message facts of the tenant", () => {
    expect(countedMessageOf("t1|received|wamid.A|x", "t1")).toEqual({ messageId: "wamid.A|x", direction: "inbound" });
    expect(countedMessageOf("t1|sent|wamid.B", "t1")).toEqual({ messageId: "wamid.B", direction: "outbound" });
  });

  it("ignores other facts and other tenants", () => {
    expect(countedMessageOf("t1|delivered|wamid.B", "t1")).toBeUndefined();
    expect(countedMessageOf("t1|customers_hour|pn|0|c", "t1")).toBeUndefined();
    expect(countedMessageOf("t2|sent|wamid.B", "t1")).toBeUndefined();
    expect(countedMessageOf("t1|sent", "t1")).toBeUndefined();
  });
});
