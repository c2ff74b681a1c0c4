import { describe, expect, it } from "vitest";
import { isStopKeyword } from "./stop-keyword.ts";

const text = (body: string) => JSON.stringify({ text: { body } });

describe("isStopKeyword", () => {
  it("accepts STOP and STOP PROMOTIONS in any case, trimmed", () => {
    for (const body of ["STOP", "stop", " Stop \n", "STOP PROMOTIONS", "stop  promotions", "\tStop Promotions "]) {
      expect(isStopKeyword("text", text(body)), body).toBe(true);
    }
  });

  it("rejects longer texts, punctuation and other message types", () => {
    for (const body of ["stop?", "please stop", "STOPP", "STOP ALL", "", "stop promotions now"]) {
      expect(isStopKeyword("text", text(body)), body).toBe(false);
    }
    expect(isStopKeyword("button", JSON.stringify({ button: { text: "STOP" } }))).toBe(false);
    expect(isStopKeyword("text", "not json")).toBe(false);
    expect(isStopKeyword("text", JSON.stringify({ text: { body: 7 } }))).toBe(false);
  });
});
