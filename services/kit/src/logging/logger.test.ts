import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe("logger", () => {
  it("redacts tokens and message bodies", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "test", level: "info", destination });
    logger.info(
      { token: "EAAG-secret", message: { bodyJson: '{"text":"hi mom"}' }, authorization: "Bearer x" },
      "sent",
    );
    const line = lines.join("");
    expect(line).not.toContain("EAAG-secret");
    expect(line).not.toContain("hi mom");
    expect(line).not.toContain("Bearer x");
    expect(line).toContain("[redacted]");
  });
});
