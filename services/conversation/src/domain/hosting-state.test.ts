import { encryptionStateOf } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { hostingStateFrom } from "./hosting-state.ts";

describe("encryption state", () => {
  it("is end-to-end only when the business hosts its own messages", () => {
    expect(encryptionStateOf("on_premises")).toBe("end_to_end");
    expect(encryptionStateOf("cloud")).toBe("provider_accessible");
    expect(encryptionStateOf("bsp")).toBe("provider_accessible");
  });

  it("never reads an unknown or missing mode as end-to-end", () => {
    expect(hostingStateFrom({ hostingMode: "self", processors: [] }).encryptionState).toBe("provider_accessible");
    expect(hostingStateFrom(undefined).encryptionState).toBe("provider_accessible");
  });

  it("keeps the processors the event named", () => {
    expect(hostingStateFrom({ hostingMode: "bsp", processors: ["business", "meta", "bsp:acme"] }).processors).toEqual([
      "business",
      "meta",
      "bsp:acme",
    ]);
  });
});
