// The platform benchmark's short mode as part of the suite: every service as a process, open-loop
// traffic at 200 and 400 msg/s (signed webhooks and business sends), then the audit that every
// accepted message was stored by conversation and counted by analytics exactly once. It asserts
// only that nothing was lost; the figures it prints are for reading, never asserted.
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNodeTool } from "../support/run-node-tool.ts";

describe("platform benchmark, short mode", () => {
  it("loses no accepted message at 200 and 400 msg/s", async () => {
    const out = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
    const { code, output } = await runNodeTool("tools/load/src/bench-platform.ts", ["--short", "--out", out]);
    // The table, the backlog drain and the audit line, for whoever reads the CI log.
    console.log(
      output
        .split("\n")
        .filter((line) => line.startsWith("|") || line.startsWith("backlog:") || line.startsWith("audit:"))
        .join("\n"),
    );
    expect({ code, audit: output.split("\n").find((line) => line.startsWith("audit:")) }).toMatchObject({ code: 0 });
    expect(output).toContain("audit: Nothing lost");
    const [run] = readdirSync(out);
    expect(run && existsSync(join(out, run, "report.md"))).toBe(true);
  }, 600_000);
});
