import { describe, expect, it } from "vitest";
import { isOutcomeUnknown, OUTCOME_UNKNOWN_CODE, OUTCOME_UNKNOWN_TITLE } from "./send-outcome.ts";

const errors = (...items: object[]) => JSON.stringify(items);

describe("the platform's outcome-unknown failure", () => {
  it("is recognised by its code and title", () => {
    expect(isOutcomeUnknown(errors({ code: OUTCOME_UNKNOWN_CODE, title: OUTCOME_UNKNOWN_TITLE, message: "x" }))).toBe(
      true,
    );
  });

  it("is never Meta's own failure, not even its generic 131000, nor anything unreadable", () => {
    expect(isOutcomeUnknown(errors({ code: 131000, title: "Something went wrong" }))).toBe(false);
    expect(isOutcomeUnknown(errors({ code: 131026, title: OUTCOME_UNKNOWN_TITLE }))).toBe(false);
    expect(isOutcomeUnknown(errors({ code: OUTCOME_UNKNOWN_CODE, title: OUTCOME_UNKNOWN_TITLE }, { code: 1 }))).toBe(
      false,
    );
    expect(isOutcomeUnknown(`[{"title":"${OUTCOME_UNKNOWN_TITLE}"`)).toBe(false);
    expect(isOutcomeUnknown("")).toBe(false);
    expect(isOutcomeUnknown(undefined)).toBe(false);
  });
});
