import { describe, expect, it } from "vitest";
import { countryCodeOf } from "./country-code.ts";

describe("country calling code", () => {
  it("reads one-, two- and three-digit codes and refuses what is not an E.164 number", () => {
    expect(countryCodeOf("15551234567")).toBe("1");
    expect(countryCodeOf("79161234567")).toBe("7");
    expect(countryCodeOf("+447700900123")).toBe("44");
    expect(countryCodeOf("4915112345678")).toBe("49");
    expect(countryCodeOf("353861234567")).toBe("353");
    expect(countryCodeOf("2348031234567")).toBe("234");
    expect(countryCodeOf("")).toBe("unknown");
    expect(countryCodeOf("0123456")).toBe("unknown");
    expect(countryCodeOf("bsuid.abc")).toBe("unknown");
  });
});
