import { describe, expect, it } from "vitest";
import { meterStoreCalls } from "./store-call-meter.ts";

describe("meterStoreCalls", () => {
  it("counts and times each method call and passes results and errors through", async () => {
    const meter = meterStoreCalls({
      name: "store",
      async get(id: string) {
        return `value of ${id}`;
      },
      async fail() {
        throw new Error("down");
      },
    });
    expect(await meter.store.get("a")).toBe("value of a");
    expect(await meter.store.get("b")).toBe("value of b");
    await expect(meter.store.fail()).rejects.toThrow("down");
    expect(meter.store.name).toBe("store");
    expect(meter.calls()).toBe(3);
    expect([...meter.msByMethod().keys()]).toEqual(["get", "fail"]);
  });
});
