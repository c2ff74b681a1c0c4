import { describe, expect, it } from "vitest";
import {
  isReservedCallbackData,
  META_CALLBACK_DATA_MAX,
  unwrapCallbackData,
  withOurCallbackData,
  wrapCallbackData,
} from "./callback-wrapper.ts";

const OURS = "wamid.HBgLMTU1NTc3NzAxMDEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

describe("our message id in Meta's echoed callback data", () => {
  it("round-trips our id and the business's own value, exactly", () => {
    for (const value of ["order-42", "", "a:b:c", "12:wamid.x", " spaces and ünïcode ✓ "]) {
      const wrapped = wrapCallbackData(OURS, value);
      expect(wrapped.startsWith("~sb1:")).toBe(true);
      expect(unwrapCallbackData(wrapped)).toEqual({ messageId: OURS, businessValue: value });
    }
  });

  it("carries a business value that looks like our wrapper inside, never reading it as ours", () => {
    const forged = wrapCallbackData("wamid.someone-elses", "x");
    const wrapped = wrapCallbackData(OURS, forged);
    expect(unwrapCallbackData(wrapped)).toEqual({ messageId: OURS, businessValue: forged });
  });

  it("sends a value that would not fit Meta's 512 as it is, and reads it back as the business's alone", () => {
    const longest = "x".repeat(META_CALLBACK_DATA_MAX - `~sb1:${OURS.length}:${OURS}`.length);
    expect(wrapCallbackData(OURS, longest)).toHaveLength(META_CALLBACK_DATA_MAX);
    const tooLong = `${longest}y`;
    expect(wrapCallbackData(OURS, tooLong)).toBe(tooLong);
    expect(unwrapCallbackData(tooLong)).toEqual({ businessValue: tooLong });
  });

  it("reserves the prefix, so nothing sent unwrapped can be read as a wrapper", () => {
    expect(isReservedCallbackData(wrapCallbackData(OURS, ""))).toBe(true);
    expect(isReservedCallbackData("order ~sb1:3:abc")).toBe(false);
    expect(isReservedCallbackData("sb1:3:abc")).toBe(false);
  });

  it("passes any other value through whole, also one with our prefix but not our shape", () => {
    for (const value of ["order-42", "", "~sb1:", "~sb1:x:wamid", "~sb1:0:", "~sb1:07:wamid.1", "~sb1:99:short"]) {
      expect(unwrapCallbackData(value)).toEqual({ businessValue: value });
    }
  });

  it("wraps the callback data of a Graph body, adding it when the business gave none", () => {
    const body = { messaging_product: "whatsapp", to: "1555", type: "text", text: { body: "hi" } };
    const withNone = JSON.parse(withOurCallbackData(JSON.stringify(body), OURS)) as Record<string, unknown>;
    expect(withNone).toEqual({ ...body, biz_opaque_callback_data: wrapCallbackData(OURS, "") });
    const own = JSON.stringify({ ...body, biz_opaque_callback_data: "order-7" });
    const withOwn = JSON.parse(withOurCallbackData(own, OURS)) as { biz_opaque_callback_data: string };
    expect(unwrapCallbackData(withOwn.biz_opaque_callback_data)).toEqual({ messageId: OURS, businessValue: "order-7" });
    expect(withOurCallbackData("not json", OURS)).toBe("not json");
  });
});
